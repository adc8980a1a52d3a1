import "server-only";
import type { HeldQueueToken } from "../client/query-keys";
import type { QueuePoll } from "../client/hooks";
import { AppError } from "../http/app-error";
import { getQueueToken } from "../queue/get-queue-token";
import { readQueueStatus } from "../queue/read-queue-status";

/**
 * The signed-in fan's place in line, read on the server for a page's first paint: the same answers endpoints
 * 2 and 3 give (the page is session-authenticated like endpoint 2), so the browser never needs to keep the
 * token anywhere but in memory.
 */
export async function readPlaceInLine(
  userId: number,
  concertId: number,
  now: Date,
  options: { withStatus?: boolean } = {},
): Promise<{ token: HeldQueueToken; status?: QueuePoll }> {
  let token: HeldQueueToken = null;
  try {
    const body = await getQueueToken(userId, concertId, now);
    token = body.status === "EXPIRED" ? null : { token: body.token, tokenId: body.tokenId, status: body.status };
  } catch (error) {
    if (error instanceof AppError && (error.kind === "token_not_found" || error.kind === "user_not_found"))
      return { token: null };
    throw error;
  }
  if (!token || !options.withStatus) return { token };
  const { body, retryAfter } = await readQueueStatus(token.tokenId, now);
  return {
    token: { ...token, status: body.status === "ACTIVE" ? "ACTIVE" : token.status },
    status: { status: body, retryAfterSeconds: retryAfter },
  };
}
