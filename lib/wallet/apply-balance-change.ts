import type { DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";

export const MAX_BALANCE = 100_000_000;

export type BalanceChange = {
  userId: number;
  /** Signed won: positive adds, negative takes. */
  delta: number;
  kind: "CHARGE" | "PAYMENT" | "REFUND";
  paymentId?: number;
  now: Date;
};

/**
 * The only way a balance changes. One conditional UPDATE both checks the bounds and moves the
 * balance, holding the user's row lock until the caller's transaction ends, so concurrent changes
 * queue up instead of losing updates; the ledger row is written in the same transaction.
 * Throws 404 user not found, 400 Insufficient balance, or 400 invalid charge amount (balance limit).
 */
export async function applyBalanceChange(tx: DbTx, change: BalanceChange): Promise<{ balanceAfter: number; ledgerId: number }> {
  const { userId, delta, kind, paymentId, now } = change;
  const rows = await tx.$queryRaw<{ balance: number }[]>`
    UPDATE users SET balance = balance + ${delta}
    WHERE id = ${userId} AND balance + ${delta} >= 0 AND balance + ${delta} <= ${MAX_BALANCE}
    RETURNING balance`;
  if (rows.length === 0) {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { balance: true } });
    if (!user) throw new AppError("userNotFound");
    if (delta < 0) throw new AppError("insufficientBalance", `balance ${user.balance}, needed ${-delta}`);
    throw new AppError("invalidChargeAmount", "balance limit");
  }
  const balanceAfter = rows[0].balance;
  const entry = await tx.ledgerEntry.create({
    data: { userId, kind, amount: delta, balanceAfter, paymentId: paymentId ?? null, createdAt: now },
    select: { id: true },
  });
  return { balanceAfter, ledgerId: entry.id };
}
