import "server-only";
import type { DbTx } from "../db/prisma";
import type { AdminSchedule } from "./admin-schemas";

type ScheduleRow = {
  scheduleId: number;
  concertId: number;
  concertAt: Date;
  reservationAt: Date;
  total: number;
  held: number;
  sold: number;
  reserved: boolean;
};
type SectionRow = { scheduleId: number; position: number; name: string; price: number; seats: number };

/**
 * The organizer's view of a concert's schedules (or of one): layout, seat counts by state as of `now`, and
 * whether the layout is locked. Two statements whatever the number of schedules.
 */
export async function readSchedules(
  db: DbTx,
  where: { concertId: number; scheduleId?: number },
  now: Date,
): Promise<AdminSchedule[]> {
  const only = where.scheduleId ?? null;
  const schedules = await db.$queryRaw<ScheduleRow[]>`
    SELECT sc.id AS "scheduleId", sc.concert_id AS "concertId", sc.concert_at AS "concertAt",
      sc.reservation_at AS "reservationAt",
      count(s.id)::int AS total,
      count(s.id) FILTER (WHERE s.sold_at IS NULL AND s.hold_expires_at > ${now}::timestamptz)::int AS held,
      count(s.id) FILTER (WHERE s.sold_at IS NOT NULL)::int AS sold,
      EXISTS (SELECT 1 FROM reservations r JOIN seats rs ON rs.id = r.seat_id WHERE rs.schedule_id = sc.id) AS reserved
    FROM schedules sc LEFT JOIN seats s ON s.schedule_id = sc.id
    WHERE sc.concert_id = ${where.concertId}::int AND (${only}::int IS NULL OR sc.id = ${only}::int)
    GROUP BY sc.id
    ORDER BY sc.concert_at, sc.id`;
  if (schedules.length === 0) return [];
  const sections = await db.$queryRaw<SectionRow[]>`
    SELECT schedule_id AS "scheduleId", position, name, price, seat_count AS seats
    FROM seat_sections WHERE schedule_id = ANY(${schedules.map((s) => s.scheduleId)}::int[])
    ORDER BY schedule_id, position`;
  return schedules.map((s) => {
    let next = 1;
    const layout = sections
      .filter((x) => x.scheduleId === s.scheduleId)
      .map((x) => {
        const firstSeat = next;
        next += x.seats;
        return { position: x.position, name: x.name, price: x.price, seats: x.seats, firstSeat, lastSeat: next - 1 };
      });
    return {
      scheduleId: s.scheduleId,
      concertId: s.concertId,
      concertAt: s.concertAt.toISOString(),
      reservationAt: s.reservationAt.toISOString(),
      sections: layout,
      seats: { total: s.total, available: s.total - s.held - s.sold, held: s.held, sold: s.sold },
      layoutLocked: s.reserved,
    };
  });
}
