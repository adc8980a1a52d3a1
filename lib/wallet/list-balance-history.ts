import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { DEFAULT_HISTORY_PAGE, type HistoryBody, type LedgerEntryBody } from "./wallet-schemas";

type Ticket = NonNullable<LedgerEntryBody["tickets"]>[number];
type LineRow = Omit<Ticket, "concertAt"> & { concertAt: Date; lineId: number; paymentId: number };

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
      select: {
        id: true,
        kind: true,
        amount: true,
        balanceAfter: true,
        createdAt: true,
        paymentId: true,
        paymentLineId: true,
      },
    }),
  ]);
  if (!user) throw new AppError("user_not_found");
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const lines = await linesOf(page.flatMap((r) => (r.paymentId === null ? [] : [r.paymentId])));
  const ticketsOf = (entry: (typeof page)[number]): Ticket[] | undefined => {
    if (entry.paymentId === null) return undefined;
    const mine = lines.filter((l) =>
      entry.paymentLineId === null ? l.paymentId === entry.paymentId : l.lineId === entry.paymentLineId,
    );
    return mine.map(({ lineId: _l, paymentId: _p, ...t }) => ({ ...t, concertAt: t.concertAt.toISOString() }));
  };
  return {
    userId,
    entries: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      amount: r.amount,
      balanceAfter: r.balanceAfter,
      createdAt: r.createdAt.toISOString(),
      ...(r.paymentId === null ? {} : { paymentId: r.paymentId, tickets: ticketsOf(r) }),
    })),
    nextCursor: rows.length > limit && last ? String(last.id) : null,
  };
}

/** The seats behind a page's payments and refunds, in one query (at most one page of payments). */
async function linesOf(paymentIds: number[]): Promise<LineRow[]> {
  if (paymentIds.length === 0) return [];
  return prisma.$queryRaw<LineRow[]>`
    SELECT pl.id AS "lineId", pl.payment_id AS "paymentId", r.id AS "reservationId", c.name AS "concertName",
      sc.concert_at AS "concertAt", st.seat_number AS "seatNumber", ss.name AS "sectionName", pl.amount
    FROM payment_lines pl
    JOIN reservations r ON r.id = pl.reservation_id
    JOIN seats st ON st.id = r.seat_id
    LEFT JOIN seat_sections ss ON ss.id = st.section_id
    JOIN schedules sc ON sc.id = st.schedule_id
    JOIN concerts c ON c.id = sc.concert_id
    WHERE pl.payment_id = ANY(${[...new Set(paymentIds)]}::int[])
    ORDER BY pl.id`;
}
