import "server-only";
import type { DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";
import { oneRow } from "../db/rows";

export const MAX_BALANCE = 100_000_000;

type BalanceChange = {
  userId: number;
  /** Signed won: positive adds, negative takes. */
  delta: number;
  kind: "CHARGE" | "PAYMENT" | "REFUND";
  paymentId?: number;
  now: Date;
};

/**
 * The only way a balance changes. One statement both moves the balance (a conditional UPDATE that
 * checks the bounds) and writes the ledger row from the UPDATE's result, so the two can never
 * disagree even outside a transaction. The UPDATE takes the user's row lock and holds it until the
 * caller's transaction ends: concurrent changes queue up, and each re-checks the bounds against the
 * balance the previous one left (READ COMMITTED re-evaluates the WHERE after the wait), so no update
 * is lost and the bounds hold. Ledger ids of one user therefore follow the order of the changes.
 * Throws 404 user not found, 400 Insufficient balance, or 400 invalid charge amount (balance limit).
 */
export async function applyBalanceChange(
  tx: DbTx,
  change: BalanceChange,
): Promise<{ balanceAfter: number; ledgerId: number }> {
  const { userId, delta, kind, paymentId, now } = change;
  // Callers validate amounts; this guards the int4 arithmetic and the ledger's CHECK (amount <> 0).
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_BALANCE) {
    throw new Error(`applyBalanceChange: invalid delta ${delta}`);
  }
  const rows = await tx.$queryRaw<{ id: number; balance_after: number }[]>`
    WITH changed AS (
      UPDATE users SET balance = balance + ${delta}::int
      WHERE id = ${userId}::int AND balance + ${delta}::int BETWEEN 0 AND ${MAX_BALANCE}::int
      RETURNING id, balance)
    INSERT INTO wallet_ledger (user_id, kind, amount, balance_after, payment_id, created_at)
    SELECT id, ${kind}::"LedgerKind", ${delta}::int, balance, ${paymentId ?? null}::int, ${now}::timestamptz FROM changed
    RETURNING id, balance_after`;
  if (rows.length === 0) {
    // Only the failure path pays for a second read, to say why.
    const user = await tx.user.findUnique({ where: { id: userId }, select: { balance: true } });
    if (!user) throw new AppError("user_not_found");
    if (delta < 0) throw new AppError("insufficient_balance", `balance ${user.balance}, needed ${-delta}`);
    throw new AppError("balance_limit");
  }
  const row = oneRow(rows, "ledger row");
  return { balanceAfter: row.balance_after, ledgerId: row.id };
}
