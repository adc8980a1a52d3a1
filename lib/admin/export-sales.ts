import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { csvRows, type CsvCell } from "./csv";

const HEADER = [
  "reservation_id",
  "booked_at",
  "schedule_id",
  "concert_at",
  "seat_number",
  "section",
  "price_won",
  "buyer_id",
  "buyer_email",
];

type SaleRow = {
  reservationId: number;
  bookedAt: Date | null;
  scheduleId: number;
  concertAt: Date;
  seatNumber: number;
  section: string | null;
  price: number;
  buyerId: number;
  buyerEmail: string;
};

/**
 * GET /api/admin/concerts/{concertId}/sales.csv: one row per confirmed reservation of the concert, oldest
 * booking first. A byte-order mark leads, so spreadsheet programs read the UTF-8 (Korean section names) right.
 * Built in memory: a concert has at most 2,000 seats per schedule, a few hundred kilobytes per schedule.
 */
export async function exportSales(concertId: number, now: Date): Promise<{ filename: string; csv: string }> {
  const concert = await prisma.concert.findUnique({ where: { id: concertId }, select: { id: true } });
  if (!concert) throw new AppError("concert_not_found");
  const sales = await prisma.$queryRaw<SaleRow[]>`
    SELECT r.id AS "reservationId", r.confirmed_at AS "bookedAt", sc.id AS "scheduleId", sc.concert_at AS "concertAt",
      s.seat_number AS "seatNumber", sec.name AS section, r.price, u.id AS "buyerId", u.email AS "buyerEmail"
    FROM reservations r
    JOIN seats s ON s.id = r.seat_id
    JOIN schedules sc ON sc.id = s.schedule_id
    LEFT JOIN seat_sections sec ON sec.id = s.section_id
    JOIN users u ON u.id = r.user_id
    WHERE sc.concert_id = ${concertId}::int AND r.status = 'CONFIRMED'
    ORDER BY r.confirmed_at, r.id`;
  const rows: CsvCell[][] = [
    HEADER,
    ...sales.map((s) => [
      s.reservationId,
      s.bookedAt?.toISOString() ?? null,
      s.scheduleId,
      s.concertAt.toISOString(),
      s.seatNumber,
      s.section,
      s.price,
      s.buyerId,
      s.buyerEmail,
    ]),
  ];
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  return { filename: `concert-${concertId}-sales-${day}.csv`, csv: "\uFEFF" + csvRows(rows) };
}
