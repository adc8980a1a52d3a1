import "server-only";
import { config } from "../config";
import { prisma } from "../db/prisma";
import { encodeTicketCode } from "../tickets/ticket-code";
import type { MyReservation } from "./booking-schemas";

/** The "my tickets" page shows recent activity; older rows are not served from here. */
const MY_RESERVATIONS_LIMIT = 100;

type Row = {
  reservationId: number;
  concertId: number;
  concertName: string;
  artist: string;
  venue: string;
  scheduleId: number;
  concertAt: Date;
  seatId: number;
  seatNumber: number;
  sectionName: string | null;
  price: number;
  status: MyReservation["status"];
  expiresAt: Date;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  bookingNumber: string | null;
  paymentId: number | null;
  lineAmount: number | null;
  lineStatus: string | null;
};

/**
 * The fan's reservations, newest first, in one query. A lapsed unpaid hold reads EXPIRED. A confirmed ticket
 * carries its booking number and its signed ticket code (derived here, never stored).
 */
export async function listMyReservations(userId: number, now: Date): Promise<{ reservations: MyReservation[] }> {
  const cutoffMs = config().REFUND_CUTOFF_HOURS * 3600_000;
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT r.id AS "reservationId", c.id AS "concertId", c.name AS "concertName", c.artist, c.venue,
           s.id AS "scheduleId", s.concert_at AS "concertAt", st.id AS "seatId", st.seat_number AS "seatNumber",
           ss.name AS "sectionName", r.price, r.status::text AS status, r.expires_at AS "expiresAt",
           r.created_at AS "createdAt", r.confirmed_at AS "confirmedAt", r.cancelled_at AS "cancelledAt",
           r.checked_in_at AS "checkedInAt", r.booking_number AS "bookingNumber",
           pl.payment_id AS "paymentId", pl.amount AS "lineAmount", pl.status::text AS "lineStatus"
    FROM reservations r
    JOIN seats st ON st.id = r.seat_id
    LEFT JOIN seat_sections ss ON ss.id = st.section_id
    JOIN schedules s ON s.id = st.schedule_id
    JOIN concerts c ON c.id = s.concert_id
    LEFT JOIN payment_lines pl ON pl.reservation_id = r.id
    WHERE r.user_id = ${userId}::int
    ORDER BY r.id DESC
    LIMIT ${MY_RESERVATIONS_LIMIT}::int`;
  return {
    reservations: rows.map((r) => ({
      reservationId: r.reservationId,
      concertId: r.concertId,
      concertName: r.concertName,
      scheduleId: r.scheduleId,
      concertAt: r.concertAt.toISOString(),
      seatId: r.seatId,
      seatNumber: r.seatNumber,
      price: r.price,
      status: r.status === "PAYMENT_PENDING" && r.expiresAt <= now ? "EXPIRED" : r.status,
      expiresAt: r.expiresAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      artist: r.artist,
      venue: r.venue,
      sectionName: r.sectionName,
      bookingNumber: r.bookingNumber,
      ticketCode: r.status === "CONFIRMED" ? encodeTicketCode(r.reservationId, r.scheduleId) : null,
      paymentId: r.paymentId,
      refundDeadline: new Date(r.concertAt.getTime() - cutoffMs).toISOString(),
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
      refundedAmount: r.lineStatus === "REFUNDED" ? r.lineAmount : null,
      checkedInAt: r.checkedInAt?.toISOString() ?? null,
    })),
  };
}
