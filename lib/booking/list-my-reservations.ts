import "server-only";
import { prisma } from "../db/prisma";
import type { MyReservation } from "./booking-schemas";

/** The "my tickets" page shows recent activity; older rows are not served from here. */
const MY_RESERVATIONS_LIMIT = 100;

type Row = Omit<MyReservation, "concertAt" | "expiresAt" | "createdAt" | "confirmedAt" | "status"> & {
  status: MyReservation["status"];
  concertAt: Date;
  expiresAt: Date;
  createdAt: Date;
  confirmedAt: Date | null;
};

/** The fan's reservations, newest first, in one query. A lapsed unpaid hold reads EXPIRED. */
export async function listMyReservations(userId: number, now: Date): Promise<{ reservations: MyReservation[] }> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT r.id AS "reservationId", c.id AS "concertId", c.name AS "concertName",
           s.id AS "scheduleId", s.concert_at AS "concertAt", st.id AS "seatId", st.seat_number AS "seatNumber",
           r.price, r.status::text AS status, r.expires_at AS "expiresAt", r.created_at AS "createdAt",
           r.confirmed_at AS "confirmedAt"
    FROM reservations r
    JOIN seats st ON st.id = r.seat_id
    JOIN schedules s ON s.id = st.schedule_id
    JOIN concerts c ON c.id = s.concert_id
    WHERE r.user_id = ${userId}::int
    ORDER BY r.id DESC
    LIMIT ${MY_RESERVATIONS_LIMIT}::int`;
  return {
    reservations: rows.map((r) => ({
      ...r,
      status: r.status === "PAYMENT_PENDING" && r.expiresAt <= now ? "EXPIRED" : r.status,
      concertAt: r.concertAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
    })),
  };
}
