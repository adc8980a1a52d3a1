import "server-only";
import type { DbTx } from "../db/prisma";
import { oneRow } from "../db/rows";

export type SectionInput = { name: string; price: number; seats: number };
export type ScheduleInput = { concertAt: Date; reservationAt: Date; sections: SectionInput[] };

/**
 * One schedule with its layout, inside the caller's transaction: the sections in order and their seats,
 * numbered 1..N through them, each at its section's price (ONSALE.md, "Organizer API"). A few statements
 * whatever the seat count.
 */
export async function insertSchedule(
  tx: DbTx,
  concertId: number,
  schedule: ScheduleInput,
): Promise<{ scheduleId: number; seats: number }> {
  const { id: scheduleId } = oneRow(
    await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO schedules (concert_id, concert_at, reservation_at)
      VALUES (${concertId}::int, ${schedule.concertAt}::timestamptz, ${schedule.reservationAt}::timestamptz)
      RETURNING id`,
    "schedule",
  );
  const seats = await insertLayout(tx, scheduleId, schedule.sections);
  return { scheduleId, seats };
}

/** The sections and seats of a schedule that has none (a new one, or one whose layout was just cleared). */
export async function insertLayout(tx: DbTx, scheduleId: number, sections: SectionInput[]): Promise<number> {
  let first = 1;
  for (const [position, section] of sections.entries()) {
    const { id } = oneRow(
      await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO seat_sections (schedule_id, position, name, price, seat_count)
        VALUES (${scheduleId}::int, ${position + 1}::int, ${section.name}, ${section.price}::int, ${section.seats}::int)
        RETURNING id`,
      "section",
    );
    await tx.$executeRaw`
      INSERT INTO seats (schedule_id, seat_number, price, section_id)
      SELECT ${scheduleId}::int, n, ${section.price}::int, ${id}::int
      FROM generate_series(${first}::int, ${first + section.seats - 1}::int) AS n`;
    first += section.seats;
  }
  return first - 1;
}
