import "server-only";
import { inWorkTransaction } from "../idempotency/idempotent-work";
import { applyBalanceChange } from "./apply-balance-change";
import type { BalanceBody } from "./wallet-schemas";

/**
 * Endpoint 8. The balance change and its ledger row are one statement, which is its own
 * transaction, so a charge costs one database round trip (two more with an Idempotency-Key, whose record
 * must commit with it: lib/idempotency/idempotent-work.ts).
 */
export async function chargeBalance(userId: number, amount: number, now: Date): Promise<BalanceBody> {
  const { balanceAfter } = await inWorkTransaction((db) =>
    applyBalanceChange(db, { userId, delta: amount, kind: "CHARGE", now }),
  );
  return { userId, currentAmount: balanceAfter };
}
