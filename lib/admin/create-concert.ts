import "server-only";
import { insertSchedule } from "../catalogue/insert-schedule";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import type { CreateConcertInput, CreatedConcert, CreatedSchedule, ScheduleInputBody } from "./admin-schemas";
import { recordAudit } from "./record-audit";

// Thousands of seats are a few INSERT ... SELECT generate_series statements, but a request may carry 20
// schedules: more room than Prisma's default 5 s for the one transaction that creates all or nothing.
export const LAYOUT_TRANSACTION = { maxWait: 5_000, timeout: 30_000 };

/**
 * POST /api/admin/concerts: the concert and every schedule with its layout, in one transaction with its
 * audit entry, so a bad schedule anywhere in the request leaves nothing behind. The concert sells through
 * the general room until an organizer gives it a room of its own.
 */
export async function createConcert(input: {
  concert: CreateConcertInput;
  actorId: number;
  now: Date;
}): Promise<CreatedConcert> {
  const { concert, actorId, now } = input;
  concert.schedules.forEach((s, i) => assertAhead(s, now, `body.schedules.${i}`));
  return prisma.$transaction(async (tx) => {
    const row = await tx.concert.create({
      data: {
        name: concert.name,
        artist: concert.artist ?? "",
        venue: concert.venue ?? "",
        description: concert.description ?? "",
        createdAt: now,
      },
    });
    const schedules: CreatedSchedule[] = [];
    for (const schedule of concert.schedules) schedules.push(await insertSchedule(tx, row.id, schedule));
    await recordAudit(tx, {
      actorId,
      action: "concert.create",
      target: `concert:${row.id}`,
      after: { ...row, schedules: concert.schedules.map((s, i) => ({ ...s, ...schedules[i] })) },
      now,
    });
    return { concertId: row.id, schedules };
  }, LAYOUT_TRANSACTION);
}

/** A new schedule's show must still be ahead: nobody can buy a seat for a past one. */
export function assertAhead(schedule: ScheduleInputBody, now: Date, field: string): void {
  if (schedule.concertAt <= now) throw new AppError("bad_request", `${field}.concertAt: must be in the future`);
}
