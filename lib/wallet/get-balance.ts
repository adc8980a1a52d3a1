import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import type { BalanceBody } from "./wallet-schemas";

/** Endpoint 9. */
export async function getBalance(userId: number): Promise<BalanceBody> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { balance: true } });
  if (!user) throw new AppError("user_not_found");
  return { userId, currentAmount: user.balance };
}
