import "server-only";
import { recordAudit } from "../admin/record-audit";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { decodeTicketCode } from "./ticket-code";
import type { CheckInResponse } from "./ticket-schemas";

type Found = {
  id: number;
  scheduleId: number;
  status: string;
  checkedInAt: Date | null;
  seatNumber: number;
  sectionName: string | null;
};

/**
 * POST /api/admin/check-in: lets a ticket in at the door, once. The code is checked first (a ticket code's MAC,
 * a booking number's shape), so a forged payload is refused without touching the database.
 *
 * Concurrent scans of one ticket (two gates, a double scan) admit it once: the check-in is one conditional
 * UPDATE (`checked_in_at IS NULL`, CONFIRMED, this schedule); racers block on the row lock and, after the
 * winner commits, re-evaluate the condition, find it false and are told when it was first used. A cancel racing
 * the scan takes the same row lock (cancel-ticket.ts): whichever commits first wins, and the other sees it.
 * The check-in and its audit entry commit together.
 */
export async function checkInTicket(input: {
  code: string;
  scheduleId: number;
  actorId: number;
  now: Date;
}): Promise<CheckInResponse> {
  const { code, scheduleId, actorId, now } = input;
  const decoded = decodeTicketCode(code);
  if (decoded.kind === "forged")
    throw new AppError("invalid_ticket", "forged: the ticket code's signature does not match");
  if (decoded.kind === "unrecognised") {
    throw new AppError("invalid_ticket", "unknown: neither a ticket code nor a booking number");
  }
  const schedule = await prisma.schedule.findUnique({ where: { id: scheduleId }, select: { id: true } });
  if (!schedule) throw new AppError("schedule_not_found");
  const byId = decoded.kind === "ticket" ? decoded.reservationId : null;
  const byNumber = decoded.kind === "booking" ? decoded.bookingNumber : null;

  return prisma.$transaction(async (tx) => {
    const [admitted] = await tx.$queryRaw<
      { id: number; checkedInAt: Date; seatNumber: number; sectionName: string | null }[]
    >`
      UPDATE reservations r SET checked_in_at = ${now}::timestamptz, checked_in_by = ${actorId}::int
      FROM seats st LEFT JOIN seat_sections ss ON ss.id = st.section_id
      WHERE st.id = r.seat_id AND st.schedule_id = ${scheduleId}::int
        AND (r.id = ${byId}::int OR r.booking_number = ${byNumber}::text)
        AND r.status = 'CONFIRMED' AND r.checked_in_at IS NULL
      RETURNING r.id, r.checked_in_at AS "checkedInAt", st.seat_number AS "seatNumber", ss.name AS "sectionName"`;
    if (admitted) {
      await recordAudit(tx, {
        actorId,
        action: "ticket.check_in",
        target: `reservation:${admitted.id}`,
        before: { checkedInAt: null },
        after: { checkedInAt: admitted.checkedInAt.toISOString(), scheduleId },
        now,
      });
      return {
        reservationId: admitted.id,
        checkedInAt: admitted.checkedInAt.toISOString(),
        seatNumber: admitted.seatNumber,
        sectionName: admitted.sectionName,
      };
    }
    // Not admitted: a fresh read (a new statement sees what a racing scan or cancel committed) says why.
    const [found] = await tx.$queryRaw<Found[]>`
      SELECT r.id, st.schedule_id AS "scheduleId", r.status::text AS status, r.checked_in_at AS "checkedInAt",
        st.seat_number AS "seatNumber", ss.name AS "sectionName"
      FROM reservations r JOIN seats st ON st.id = r.seat_id LEFT JOIN seat_sections ss ON ss.id = st.section_id
      WHERE r.id = ${byId}::int OR r.booking_number = ${byNumber}::text`;
    if (!found) throw new AppError("invalid_ticket", "unknown: no such ticket");
    if (found.scheduleId !== scheduleId) {
      throw new AppError("invalid_ticket", `another schedule: this ticket is for schedule ${found.scheduleId}`);
    }
    if (found.status === "CANCELLED") throw new AppError("invalid_ticket", "cancelled: the ticket was cancelled");
    if (found.status !== "CONFIRMED") throw new AppError("invalid_ticket", "unpaid: the reservation was never paid");
    if (found.checkedInAt) throw new AppError("already_checked_in", found.checkedInAt.toISOString());
    throw new Error(`check-in of reservation ${found.id} neither admitted nor refused`);
  });
}
