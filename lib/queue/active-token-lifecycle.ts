import type { DbTx } from "../db/prisma";

// Called by booking inside its own transactions, so a hold and its token's lifetime move together.
// Neither can raise the number of live ACTIVE tokens, which is what lets admission count capacity
// under its own lock alone (lib/queue/postgres-queue-store.ts).

/**
 * A seat hold keeps the fan's ACTIVE token alive at least until the hold's expiry. A token whose
 * deadline has already passed is not revived: its slot may have gone to the next fan. Pass the
 * request's `now` (it defaults to the wall clock).
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
