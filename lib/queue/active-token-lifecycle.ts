import type { DbTx } from "../db/prisma";

// Called by booking inside its own transactions, so a hold and its token's lifetime move together.

/** A seat hold keeps the fan's ACTIVE token alive at least until the hold's expiry. */
export async function extendActiveToken(tx: DbTx, tokenId: number, until: Date): Promise<void> {
  await tx.$executeRaw`UPDATE queue_tokens SET expires_at = GREATEST(expires_at, ${until})
    WHERE id = ${tokenId} AND status = 'ACTIVE'`;
}

/**
 * After a payment: when the fan has no other pending hold, their ACTIVE token ends at once and
 * the slot goes to the next fan in line.
 */
export async function endActiveTokenAfterPayment(tx: DbTx, userId: number, now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE queue_tokens SET status = 'EXPIRED', ended_at = ${now}, expires_at = LEAST(expires_at, ${now})
    WHERE user_id = ${userId} AND status = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM reservations r
        WHERE r.user_id = ${userId} AND r.status = 'PAYMENT_PENDING' AND r.expires_at > ${now})`;
}
