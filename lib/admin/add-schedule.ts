import "server-only";
import { insertSchedule } from "../catalogue/insert-schedule";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import type { CreatedSchedule, ScheduleInputBody } from "./admin-schemas";
import { assertAhead, LAYOUT_TRANSACTION } from "./create-concert";
import { recordAudit } from "./record-audit";

/**
 * POST /api/admin/concerts/{concertId}/schedules: one more schedule with its layout. A concert with a
 * dedicated room keeps the room's rule that booking opens no later than the sale starts (PUT .../room
 * checks the same); the concert row lock orders this against a concurrent PUT of the room.
 */
export async function addSchedule(input: {
  concertId: number;
  schedule: ScheduleInputBody;
  actorId: number;
  now: Date;
}): Promise<CreatedSchedule> {
  const { concertId, schedule, actorId, now } = input;
  assertAhead(schedule, now, "body");
  return prisma.$transaction(async (tx) => {
    const concert = firstRow(
      await tx.$queryRaw<{ salesStartAt: Date | null }[]>`
        SELECT (SELECT sales_start_at FROM queue_rooms WHERE concert_id = c.id) AS "salesStartAt"
        FROM concerts c WHERE c.id = ${concertId}::int FOR UPDATE OF c`,
    );
    if (!concert) throw new AppError("concert_not_found");
    if (concert.salesStartAt && schedule.reservationAt > concert.salesStartAt) {
      throw new AppError(
        "bad_request",
        `body.reservationAt: after the room's salesStartAt (${concert.salesStartAt.toISOString()})`,
      );
    }
    const created = await insertSchedule(tx, concertId, schedule);
    await recordAudit(tx, {
      actorId,
      action: "schedule.create",
      target: `schedule:${created.scheduleId}`,
      after: { concertId, ...schedule, ...created },
      now,
    });
    return created;
  }, LAYOUT_TRANSACTION);
}
