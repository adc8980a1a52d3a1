import "server-only";
import { config } from "../config";
import type { DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";
import { queueStore } from "./queue-store-instance";

// Called by booking inside its own transactions, so a hold and its token's lifetime move together. The
// token's side goes through the queue store (Postgres or Redis); neither can raise the number of ACTIVE
// tokens that admission counts capacity by. The argument, including the race with a tick:
// docs/decisions/0002-waiting-room-capacity-and-position.md (Postgres), 0014-redis-queue-store.md (Redis).

/**
 * A seat hold keeps the fan's ACTIVE token alive at least until the hold's expiry, never past the hard cap
 * from admission. Only a token still ACTIVE is extended, atomically with respect to the tick; `now` (the
 * request's clock) only keeps a token this request already sees as lapsed from being extended.
 */
export async function extendActiveToken(tx: DbTx, tokenId: number, until: Date, now: Date = new Date()): Promise<void> {
  await queueStore().extendActiveToken(tx, tokenId, until, now, config().QUEUE_ACTIVE_MAX_SECONDS);
}

/**
 * When a hold taken now should end: `wanted` (now + RESERVATION_HOLD_SECONDS), but never after the token's hard
 * cap, admission + QUEUE_ACTIVE_MAX_SECONDS (ONSALE.md, "Limits against abuse"). Holding seat after seat without
 * paying therefore cannot keep a slot: the token and every hold end at the cap, and what the page shows as the
 * fan's can be paid for until then.
 */
export async function holdDeadline(tx: DbTx, tokenId: number, wanted: Date, now: Date): Promise<Date> {
  const until = await queueStore().holdDeadline(tx, tokenId, wanted, config().QUEUE_ACTIVE_MAX_SECONDS);
  // The cap passed between reading the token and this transaction: a hold would be lapsed at birth.
  if (until <= now) throw new AppError("token_expired");
  return until;
}

/**
 * After a payment in a room: when the fan has no other pending hold in that room, their ACTIVE token of that
 * room ends at once and the slot goes to the next fan in line (at the room's next admission tick, about a
 * second later). Tokens of other rooms, and holds of other rooms, play no part.
 */
export async function endActiveTokenAfterPayment(tx: DbTx, userId: number, roomId: number, now: Date): Promise<void> {
  await queueStore().endActiveTokenAfterPayment(tx, userId, roomId, now);
}
