import "server-only";
import type { DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";
import { oneRow } from "../db/rows";

export const MAX_BALANCE = 100_000_000;
/** int4, the column's own limit: the only upper bound on a refund or a payment. */
export const INT4_MAX = 2_147_483_647;

type BalanceChange = {
  userId: number;
  /** Signed won: positive adds, negative takes. */
  delta: number;
  kind: "CHARGE" | "PAYMENT" | "REFUND";
  paymentId?: number;
  /** The payment line a REFUND gives back (at most one refund per line: a unique index in SQL). */
  paymentLineId?: number;
  now: Date;
};

/**
 * The only way a balance changes. One statement both moves the balance (a conditional UPDATE that
 * checks the bounds) and writes the ledger row from the UPDATE's result, so the two can never
 * disagree even outside a transaction. The UPDATE takes the user's row lock and holds it until the
 * caller's transaction ends: concurrent changes queue up, and each re-checks the bounds against the
 * balance the previous one left (READ COMMITTED re-evaluates the WHERE after the wait), so no update
 * is lost and the bounds hold. Ledger ids of one user therefore follow the order of the changes.
 *
 * The 100,000,000 cap applies to charges only: a payment only lowers the balance, and a refund gives back
 * what was paid, so refusing it because the fan topped up meanwhile would keep their money (a refund is
 * bounded only by the int4 column, compared in bigint so the check itself cannot overflow).
 * Throws 404 user not found, 400 Insufficient balance, or 400 invalid charge amount (balance limit).
 */
export async function applyBalanceChange(
  tx: DbTx,
  change: BalanceChange,
): Promise<{ balanceAfter: number; ledgerId: number }> {
  const { userId, delta, kind, paymentId, paymentLineId, now } = change;
  // Callers validate amounts; this guards the int4 arithmetic and the ledger's CHECK (amount <> 0).
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > INT4_MAX) {
    throw new Error(`applyBalanceChange: invalid delta ${delta}`);
  }
  if ((kind === "CHARGE" && delta < 0) || (kind === "PAYMENT" && delta > 0) || (kind === "REFUND" && delta < 0)) {
    throw new Error(`applyBalanceChange: a ${kind} cannot move ${delta}`);
  }
  // A payment from a balance above the cap (after a refund) must not be refused for leaving it above the cap.
  const ceiling = kind === "CHARGE" ? MAX_BALANCE : INT4_MAX;
  const rows = await tx.$queryRaw<{ id: number; balance_after: number }[]>`
    WITH changed AS (
      UPDATE users SET balance = balance + ${delta}::int
      WHERE id = ${userId}::int AND balance::bigint + ${delta}::int BETWEEN 0 AND ${ceiling}::bigint
      RETURNING id, balance)
    INSERT INTO wallet_ledger (user_id, kind, amount, balance_after, payment_id, payment_line_id, created_at)
    SELECT id, ${kind}::"LedgerKind", ${delta}::int, balance, ${paymentId ?? null}::int, ${paymentLineId ?? null}::int,
      ${now}::timestamptz
    FROM changed
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
