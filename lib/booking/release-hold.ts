import "server-only";
import { AppError } from "../http/app-error";
import type { ReleaseResponse } from "./booking-schemas";
import { bookingTransaction } from "./booking-transaction";

type Locked = { id: number; seatId: number; status: string; expiresAt: Date };

/**
 * DELETE /api/concerts/reservations/{reservationId}: the fan lets go of an unpaid hold at once. The reservation
 * is CANCELLED and the seat AVAILABLE in one transaction, so the seat is on sale again and the fan's hold
 * limit has room the moment this returns (no five-minute wait for the hold to lapse).
 *
 * Identity only: no queue token is needed to give a seat back. A repeat answers the same (the hold is gone
 * either way); a hold that had lapsed by itself answers EXPIRED; a paid ticket is refused (cancelling it is
 * POST .../cancel, which refunds).
 *
 * Race safety, in the lock order of every booking transaction (user -> reservation -> seat): the users row
 * serialises this against the same fan's payment of the hold (so a release never frees a seat that a
 * concurrent payment of the same hold has just sold: whichever runs second sees the other's outcome), and the
 * reservation row lock orders it against another fan's hold of the seat after expiry (reserve-seat.ts marks
 * a lapsed reservation EXPIRED under this lock). The seat is freed only while this reservation still holds it.
 */
export async function releaseHold(input: {
  userId: number;
  reservationId: number;
  now: Date;
}): Promise<ReleaseResponse> {
  const { userId, reservationId, now } = input;
  return bookingTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::int FOR NO KEY UPDATE`;
    const [reservation] = await tx.$queryRaw<Locked[]>`
      SELECT id, seat_id AS "seatId", status::text AS status, expires_at AS "expiresAt"
      FROM reservations WHERE id = ${reservationId}::int AND user_id = ${userId}::int
      FOR UPDATE`;
    if (!reservation) throw new AppError("reservation_not_found");
    if (reservation.status === "CONFIRMED") {
      throw new AppError("reservation_already_paid", "a paid ticket is cancelled with POST .../cancel (refunded)");
    }
    if (reservation.status === "CANCELLED") return { reservationId, reservationStatus: "CANCELLED" };
    if (reservation.status === "EXPIRED" || reservation.expiresAt <= now) {
      // Lapsed by itself: its seat is already free (a lapsed hold reads AVAILABLE). Record what the fan sees.
      await tx.$executeRaw`UPDATE reservations SET status = 'EXPIRED'
        WHERE id = ${reservationId}::int AND status = 'PAYMENT_PENDING'`;
      return { reservationId, reservationStatus: "EXPIRED" };
    }
    await tx.$executeRaw`UPDATE reservations SET status = 'CANCELLED', cancelled_at = ${now}::timestamptz
      WHERE id = ${reservationId}::int`;
    await tx.$executeRaw`UPDATE seats SET hold_expires_at = NULL
      WHERE id = ${reservation.seatId}::int AND sold_at IS NULL`;
    return { reservationId, reservationStatus: "CANCELLED" };
  });
}
