import "server-only";
import { prisma } from "../db/prisma";
import type { CheckInSchedule } from "./ticket-schemas";

/** Shows the door may be admitting: from 12 hours ago on, soonest first, with how many are in so far. */
export async function listCheckInSchedules(now: Date): Promise<CheckInSchedule[]> {
  const rows = await prisma.$queryRaw<(Omit<CheckInSchedule, "concertAt"> & { concertAt: Date })[]>`
    SELECT s.id AS "scheduleId", c.name AS "concertName", c.venue, s.concert_at AS "concertAt",
      (SELECT count(*)::int FROM seats st JOIN reservations r ON r.seat_id = st.id
        WHERE st.schedule_id = s.id AND r.status = 'CONFIRMED') AS sold,
      (SELECT count(*)::int FROM seats st JOIN reservations r ON r.seat_id = st.id
        WHERE st.schedule_id = s.id AND r.status = 'CONFIRMED' AND r.checked_in_at IS NOT NULL) AS "checkedIn"
    FROM schedules s JOIN concerts c ON c.id = s.concert_id
    WHERE s.concert_at > ${new Date(now.getTime() - 12 * 3600_000)}::timestamptz
    ORDER BY s.concert_at, s.id
    LIMIT 200`;
  return rows.map((r) => ({ ...r, concertAt: r.concertAt.toISOString() }));
}
