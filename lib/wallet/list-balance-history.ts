import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { DEFAULT_HISTORY_PAGE, type HistoryBody } from "./wallet-schemas";

/**
 * The ledger newest first, by keyset pagination on the id (index wallet_ledger(user_id, id DESC)):
 * a page costs the same however deep it is, and entries written meanwhile never shift a page.
 * Ids of one user's entries follow the order of the changes (see applyBalanceChange).
 */
export async function listBalanceHistory(
  userId: number,
  options: { limit?: number; cursor?: number },
): Promise<HistoryBody> {
  const limit = options.limit ?? DEFAULT_HISTORY_PAGE;
  const [user, rows] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { id: true } }),
    prisma.ledgerEntry.findMany({
      where: { userId, ...(options.cursor === undefined ? {} : { id: { lt: options.cursor } }) },
      orderBy: { id: "desc" },
      take: limit + 1,
      select: { id: true, kind: true, amount: true, balanceAfter: true, createdAt: true, paymentId: true },
    }),
  ]);
  if (!user) throw new AppError("user_not_found");
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    userId,
    entries: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      amount: r.amount,
      balanceAfter: r.balanceAfter,
      createdAt: r.createdAt.toISOString(),
      ...(r.paymentId === null ? {} : { paymentId: r.paymentId }),
    })),
    nextCursor: rows.length > limit && last ? String(last.id) : null,
  };
}
