import "server-only";
import { AppError } from "../http/app-error";
import { effectiveStatus } from "./queue-rules";
import type { QueueTokenBody } from "./queue-schemas";
import { queueStore } from "./queue-store-instance";
import { queueTokenBody } from "./queue-token-body";

/** Endpoint 2: the user's live token (a fan who lost it, e.g. in another browser), without side effects. */
export async function getQueueToken(userId: number, now: Date): Promise<QueueTokenBody> {
  const { user, token } = await queueStore().findUserLiveToken(userId);
  if (!user) throw new AppError("user_not_found");
  const status = token ? effectiveStatus(token.status, token.expiresAt, now) : "EXPIRED";
  if (!token || status === "EXPIRED") throw new AppError("token_not_found", "no live queue token; issue one");
  return queueTokenBody(token, status);
}
