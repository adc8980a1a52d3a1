import "server-only";
import { insertLayout } from "../catalogue/insert-schedule";
import { prisma } from "../db/prisma";
import { firstRow, oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import type { AdminSchedule, SectionInputBody } from "./admin-schemas";
import { LAYOUT_TRANSACTION } from "./create-concert";
import { readSchedules } from "./read-schedules";
import { recordAudit } from "./record-audit";

/**
 * PUT /api/admin/concerts/{concertId}/schedules/{scheduleId}/sections: a new layout for a schedule nobody
 * has booked from yet; the old seats are deleted and new ones numbered 1..N through the new sections.
 * Locked at the first reservation of any of its seats, even a lapsed one: deleting a seat deletes its
 * reservations. The schedule's seat rows are locked before the check, so a hold in flight either shows up
 * in it or finds its seat gone (docs/decisions/0021-organizer-api.md).
 */
export async function replaceSections(input: {
  concertId: number;
  scheduleId: number;
  sections: SectionInputBody[];
  actorId: number;
  now: Date;
}): Promise<AdminSchedule> {
  const { concertId, scheduleId, sections, actorId, now } = input;
  return prisma.$transaction(async (tx) => {
    const schedule = firstRow(
      await tx.$queryRaw<{ concertId: number }[]>`
        SELECT concert_id AS "concertId" FROM schedules WHERE id = ${scheduleId}::int FOR UPDATE`,
    );
    if (!schedule || schedule.concertId !== concertId) {
      const concert = await tx.concert.findUnique({ where: { id: concertId }, select: { id: true } });
      throw new AppError(concert ? "schedule_not_found" : "concert_not_found");
    }
    await tx.$queryRaw`SELECT id FROM seats WHERE schedule_id = ${scheduleId}::int ORDER BY id FOR UPDATE`;
    const usage = oneRow(
      await tx.$queryRaw<{ held: number; sold: number; reservations: number }[]>`
        SELECT count(*) FILTER (WHERE s.sold_at IS NULL AND s.hold_expires_at > ${now}::timestamptz)::int AS held,
          count(*) FILTER (WHERE s.sold_at IS NOT NULL)::int AS sold,
          (SELECT count(*) FROM reservations r JOIN seats rs ON rs.id = r.seat_id
           WHERE rs.schedule_id = ${scheduleId}::int)::int AS reservations
        FROM seats s WHERE s.schedule_id = ${scheduleId}::int`,
      "seat usage",
    );
    if (usage.reservations > 0 || usage.held > 0 || usage.sold > 0) {
      throw new AppError(
        "layout_locked",
        `${usage.held} seats held, ${usage.sold} sold, ${usage.reservations} reservations made so far`,
      );
    }
    const [before] = await readSchedules(tx, { concertId, scheduleId }, now);
    await tx.$executeRaw`DELETE FROM seats WHERE schedule_id = ${scheduleId}::int`;
    await tx.$executeRaw`DELETE FROM seat_sections WHERE schedule_id = ${scheduleId}::int`;
    await insertLayout(tx, scheduleId, sections);
    const [after] = await readSchedules(tx, { concertId, scheduleId }, now);
    if (!before || !after) throw new Error(`schedule ${scheduleId} vanished under its lock`);
    await recordAudit(tx, {
      actorId,
      action: "schedule.layout",
      target: `schedule:${scheduleId}`,
      before: { sections: before.sections, seats: before.seats.total },
      after: { sections: after.sections, seats: after.seats.total },
      now,
    });
    return after;
  }, LAYOUT_TRANSACTION);
}
