import type { DbTx } from "../db/prisma";

// Called by booking inside its own transactions, so a hold and its token's lifetime move together.
// Neither can raise the number of tokens with status ACTIVE, which is what admission counts capacity by
// (queue_admit in migration 20261129010000_queue_engine): a slot is freed only when a token leaves
// ACTIVE, and nothing here brings one back.

/**
 * A seat hold keeps the fan's ACTIVE token alive at least until the hold's expiry. Capacity does not
 * depend on `now` (the request's clock, defaulting to the wall clock): a tick that found this token
 * lapsed by its own clock has set it EXPIRED, and `status = 'ACTIVE'` then fails; a tick that comes
 * while this transaction holds the row waits for it and re-checks the extended deadline, so it counts
 * the token as taking a slot. `expires_at > now` only keeps a token this request already sees as lapsed
 * from being extended before a tick gets to it.
 */
export async function extendActiveToken(tx: DbTx, tokenId: number, until: Date, now: Date = new Date()): Promise<void> {
  await tx.$executeRaw`UPDATE queue_tokens SET expires_at = GREATEST(expires_at, ${until}::timestamptz)
    WHERE id = ${tokenId} AND status = 'ACTIVE' AND expires_at > ${now}::timestamptz`;
}

/**
 * After a payment: when the fan has no other pending hold, their ACTIVE token ends at once and
 * the slot goes to the next fan in line (at the next admission tick, about a second later).
 */
export async function endActiveTokenAfterPayment(tx: DbTx, userId: number, now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE queue_tokens SET status = 'EXPIRED', ended_at = ${now}::timestamptz,
      expires_at = LEAST(expires_at, ${now}::timestamptz)
    WHERE user_id = ${userId} AND status = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM reservations r
        WHERE r.user_id = ${userId} AND r.status = 'PAYMENT_PENDING' AND r.expires_at > ${now}::timestamptz)`;
}
