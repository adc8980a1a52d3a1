import "server-only";
import { prisma } from "../db/prisma";
import { applyBalanceChange } from "./apply-balance-change";
import type { BalanceBody } from "./wallet-schemas";

/**
 * Endpoint 8. The balance change and its ledger row are one statement, which is its own
 * transaction, so a charge costs one database round trip.
 */
export async function chargeBalance(userId: number, amount: number, now: Date): Promise<BalanceBody> {
  const { balanceAfter } = await applyBalanceChange(prisma, { userId, delta: amount, kind: "CHARGE", now });
  return { userId, currentAmount: balanceAfter };
}
