import "server-only";
import { config } from "../config";
import type { DbTx } from "../db/prisma";
import { oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { GENERAL_ROOM_ID } from "./room-rules";

// Called by booking inside its own transactions, so a hold and its token's lifetime move together.
// Neither can raise the number of ACTIVE tokens that admission counts capacity by; the argument, including
// the race with a tick: docs/decisions/0002-waiting-room-capacity-and-position.md.

/**
 * A seat hold keeps the fan's ACTIVE token alive at least until the hold's expiry. Only a row still
 * ACTIVE is extended, under its row lock, so a racing tick either counts the extended token or has retired
 * it for good (docs/decisions/0002-waiting-room-capacity-and-position.md). `expires_at > now` (the
 * request's clock) only keeps a token this request already sees as lapsed from being extended.
 */
export async function extendActiveToken(tx: DbTx, tokenId: number, until: Date, now: Date = new Date()): Promise<void> {
  const cap = config().QUEUE_ACTIVE_MAX_SECONDS;
  // Never past the hard cap from admission (LEAST ignores the NULL of a token without activated_at).
  await tx.$executeRaw`UPDATE queue_tokens SET expires_at = GREATEST(expires_at,
      LEAST(${until}::timestamptz, activated_at + make_interval(secs => ${cap}::int)))
    WHERE id = ${tokenId} AND status = 'ACTIVE' AND expires_at > ${now}::timestamptz`;
}

/**
 * When a hold taken now should end: `wanted` (now + RESERVATION_HOLD_SECONDS), but never after the token's hard
 * cap, admission + QUEUE_ACTIVE_MAX_SECONDS (ONSALE.md, "Limits against abuse"). Holding seat after seat without
 * paying therefore cannot keep a slot: the token and every hold end at the cap, and what the page shows as the
 * fan's can be paid for until then. `activated_at` never changes once set, so no lock is needed.
 */
export async function holdDeadline(tx: DbTx, tokenId: number, wanted: Date, now: Date): Promise<Date> {
  const cap = config().QUEUE_ACTIVE_MAX_SECONDS;
  const rows = await tx.$queryRaw<{ until: Date }[]>`
    SELECT LEAST(${wanted}::timestamptz, activated_at + make_interval(secs => ${cap}::int)) AS until
    FROM queue_tokens WHERE id = ${tokenId}`;
  const until = rows.length ? oneRow(rows, "hold deadline").until : wanted;
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
  await tx.$executeRaw`UPDATE queue_tokens SET status = 'EXPIRED', ended_at = ${now}::timestamptz,
      expires_at = LEAST(expires_at, ${now}::timestamptz)
    WHERE user_id = ${userId}::int AND room_id = ${roomId}::int AND status = 'ACTIVE'
      AND NOT EXISTS (
        SELECT 1 FROM reservations r
        JOIN seats s ON s.id = r.seat_id
        JOIN schedules sc ON sc.id = s.schedule_id
        WHERE r.user_id = ${userId}::int AND r.status = 'PAYMENT_PENDING' AND r.expires_at > ${now}::timestamptz
          AND COALESCE((SELECT q.id FROM queue_rooms q WHERE q.concert_id = sc.concert_id), ${GENERAL_ROOM_ID}::int)
            = ${roomId}::int)`;
}
