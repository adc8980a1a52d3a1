import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { assertSelf, requireIdentity, type Identity } from "../auth/resolve-identity";
import { IDEMPOTENCY_WINDOW_MS, parseIdempotencyKey } from "../idempotency/run-idempotent";
import { readQueueToken, requireActiveQueueToken, type QueueCredential } from "../queue/require-queue-token";

export type BookingAuth = {
  identity: Identity;
  token: QueueCredential;
  /**
   * Set when the token is no longer ACTIVE but the request may still replay a stored
   * Idempotency-Key response; the use case must not run with it (see `assertTokenActive`).
   */
  inactiveToken?: AppError;
};

/**
 * Endpoints 6 and 7 need both credentials, and both are 401-level, so they are checked together
 * (identity errors first). A payment ends the fan's token, yet the contract promises that a
 * repeat with the same Idempotency-Key returns the first completed response: so a known, owned,
 * no-longer-active token is let through only when that key is already on record (the wrapper then
 * replays the stored response, or answers 409 while the first request is still finishing).
 */
export async function authenticateBooking(req: Request, now: Date): Promise<BookingAuth> {
  const [identity, token] = await Promise.allSettled([requireIdentity(req), requireActiveQueueToken(req, now)]);
  if (identity.status === "rejected") throw identity.reason;
  if (token.status === "fulfilled") return { identity: identity.value, token: token.value };
  const inactiveToken = token.reason;
  if (!(inactiveToken instanceof AppError) || !["invalidToken", "tokenNotActive"].includes(inactiveToken.kind)) {
    throw inactiveToken;
  }
  const replayable = await replayableToken(req, identity.value.userId, now);
  if (!replayable) throw inactiveToken;
  return { identity: identity.value, token: replayable, inactiveToken };
}

async function replayableToken(req: Request, userId: number, now: Date): Promise<QueueCredential | null> {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) return null;
  let key: string;
  try {
    key = parseIdempotencyKey(raw);
  } catch {
    return null; // a malformed key names no stored response
  }
  const token = await readQueueToken(req, now).catch(() => null);
  if (!token || token.userId !== userId) return null;
  const stored = await prisma.idempotencyRecord.findFirst({
    where: {
      userId,
      key,
      createdAt: { gt: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) }, // same window as runIdempotent
    },
    select: { id: true },
  });
  return stored ? token : null;
}

/** The queue token must be the signed-in fan's own, and `userId` (body or path) must be theirs. */
export function assertBookingOwner(auth: BookingAuth, userId: number): void {
  if (auth.token.userId !== auth.identity.userId) throw new AppError("forbidden", "the queue token belongs to another user");
  assertSelf(auth.identity, userId);
}

/** Work only runs with an ACTIVE token; an inactive one was admitted for a replay alone. */
export function assertTokenActive(auth: BookingAuth): void {
  if (auth.inactiveToken) throw auth.inactiveToken;
}
