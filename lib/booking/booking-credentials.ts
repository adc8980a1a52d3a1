import "server-only";
import type { z } from "zod";
import { AppError } from "../http/app-error";
import { readBody } from "../http/parse-input";
import { assertSelf, requireIdentity, type Identity } from "../auth/resolve-identity";
import { findReplayableRecord } from "../idempotency/find-replayable-record";
import { fingerprintOf } from "../idempotency/request-fingerprint";
import { parseIdempotencyKey } from "../idempotency/run-idempotent";
import { findQueueToken, type QueueCredential } from "../queue/require-queue-token";

type BookingAuth = {
  identity: Identity;
  /** The queue token as stored (WAIT or ACTIVE, or EXPIRED on a replay); null when unknown or forged. */
  token: QueueCredential | null;
  /**
   * The token is not ACTIVE, but this very request (same Idempotency-Key, method, path and body) is
   * on record: it is let through for the wrapper to replay the stored response (or answer 409 while
   * the first is still running). The use case must not run with it (`assertTokenActive`).
   */
  replayOnly: boolean;
};

/**
 * `authenticate` for endpoints 6 and 7: only the 401s, identity first, then the queue token (absent,
 * malformed, expired). What is not a 401 (a waiting, unknown or someone else's token) is decided by
 * `authorizeBooking` once the input is validated ("Order of checks": 401, 400, 403, 404).
 *
 * A payment ends the fan's token, yet the contract promises that a repeat with the same
 * Idempotency-Key returns the first completed response. So an inactive token owned by the caller
 * passes when the record for that key was made by the same request. The check needs the parsed body
 * (the fingerprint is method + path + parsed body, as the wrapper computes it), so it reads a clone
 * of the body here; only requests with an inactive token and an Idempotency-Key pay for that.
 */
export function authenticateBooking(bodySchema: z.ZodType) {
  return async (req: Request, now: Date): Promise<BookingAuth> => {
    const [identity, token] = await Promise.allSettled([requireIdentity(req), findQueueToken(req, now)]);
    if (identity.status === "rejected") throw identity.reason;
    if (token.status === "rejected") throw token.reason;
    const found = token.value;
    const replayOnly =
      found !== null &&
      found.status !== "ACTIVE" &&
      found.userId === identity.value.userId &&
      (await isReplay(req, found.userId, bodySchema, now));
    if (found?.status === "EXPIRED" && !replayOnly) throw new AppError("token_expired");
    return { identity: identity.value, token: found, replayOnly };
  };
}

async function isReplay(req: Request, userId: number, bodySchema: z.ZodType, now: Date): Promise<boolean> {
  const rawKey = req.headers.get("idempotency-key");
  if (rawKey === null) return false;
  try {
    const key = parseIdempotencyKey(rawKey);
    // The fingerprint the wrapper computes, refused bodies included (their 400 is the key's recorded answer).
    const body = await readBody(req.clone(), bodySchema);
    const fingerprint = fingerprintOf(req.method, new URL(req.url).pathname, body);
    return (await findReplayableRecord(userId, key, fingerprint, now)) !== null;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return false; // bad key or body: no replay
    throw error;
  }
}

/**
 * `idempotencyUser` for endpoints 6 and 7: the caller, when their queue token can run the work (ACTIVE) or this
 * is a true replay; otherwise null, so that a waiting, ended or unknown token gets its own refusal and never
 * touches the key ("409 reused" included).
 */
export function bookingIdempotencyUser({ auth }: { auth: BookingAuth }): number | null {
  return auth.token?.status === "ACTIVE" || auth.replayOnly ? auth.identity.userId : null;
}

/**
 * `authorize` for endpoints 6 and 7, after input validation: the queue token must be the signed-in
 * fan's own and `userId` (body or path) theirs (403s), the token ACTIVE (403) unless this is a replay,
 * and known at all (404).
 */
export function authorizeBooking(auth: BookingAuth, userId: number): void {
  if (auth.token && auth.token.userId !== auth.identity.userId) {
    throw new AppError("forbidden", "the queue token belongs to another user");
  }
  assertSelf(auth.identity, userId);
  if (auth.token?.status === "WAIT" && !auth.replayOnly) throw new AppError("token_not_active");
  if (!auth.token) throw new AppError("token_not_found");
}

/**
 * Work only runs with an ACTIVE token (returned). A replay-only request reaches the use case only if its record
 * vanished between the check and the claim (the first request failed with a 5xx, or the record aged
 * out of the window in between); it then gets the refusal its token deserves.
 */
export function assertTokenActive(auth: BookingAuth): QueueCredential {
  if (auth.token?.status === "ACTIVE" && !auth.replayOnly) return auth.token;
  throw auth.token?.status === "WAIT" ? new AppError("token_not_active") : new AppError("token_expired");
}
