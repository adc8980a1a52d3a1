import "server-only";
import { AppError } from "../http/app-error";
import { endActiveTokenAfterPayment } from "../queue/active-token-lifecycle";
import { assertTokenRoom } from "../queue/require-queue-token";
import { markSoldOutIfNoneLeft } from "../queue/room-inventory";
import { GENERAL_ROOM_ID } from "../queue/room-rules";
import { applyBalanceChange } from "../wallet/apply-balance-change";
import type { PaymentResponse } from "./booking-schemas";
import { bookingTransaction } from "./booking-transaction";

type Locked = {
  id: number;
  seatId: number;
  price: number;
  status: string;
  expiresAt: Date;
  roomId: number;
  concertId: number;
};

/**
 * Endpoint 7, one transaction: debit, ledger row, payment row, reservation CONFIRMED, seat sold,
 * queue token ended. Any failure (short balance included) rolls all of it back.
 *
 * Race safety: the reservation row is locked FOR UPDATE before its state is read, so of any number
 * of simultaneous payments one proceeds and the others, once it commits, read CONFIRMED (400
 * already paid). A hold racing its expiry is decided by the same lock: a new hold of the seat must
 * first mark this reservation EXPIRED (reserve-seat.ts), which waits for this lock, and after it
 * commits its condition no longer matches a CONFIRMED row. The fan's users row is locked first, as
 * in reserve-seat.ts, so the two use cases take their locks in the same order.
 */
export async function payReservation(input: {
  userId: number;
  reservationId: number;
  /** The fan's ACTIVE queue token: it must be of the reservation's room, and it ends with the payment. */
  token: { roomId: number };
  now: Date;
}): Promise<PaymentResponse> {
  const { userId, reservationId, token, now } = input;
  return bookingTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::int FOR NO KEY UPDATE`;
    const [reservation] = await tx.$queryRaw<Locked[]>`
      SELECT r.id, r.seat_id AS "seatId", r.price, r.status::text AS status, r.expires_at AS "expiresAt",
        COALESCE(q.id, ${GENERAL_ROOM_ID}::int) AS "roomId", sc.concert_id AS "concertId"
      FROM reservations r
      JOIN seats st ON st.id = r.seat_id
      JOIN schedules sc ON sc.id = st.schedule_id
      LEFT JOIN queue_rooms q ON q.concert_id = sc.concert_id
      WHERE r.id = ${reservationId}::int AND r.user_id = ${userId}::int
      FOR UPDATE OF r`;
    if (!reservation) throw new AppError("reservation_not_found");
    assertTokenRoom(token, reservation.roomId);
    if (reservation.status === "CONFIRMED") throw new AppError("reservation_already_paid");
    if (reservation.status !== "PAYMENT_PENDING" || reservation.expiresAt <= now) {
      throw new AppError("reservation_expired", `the hold lapsed at ${reservation.expiresAt.toISOString()}`);
    }

    const payment = await tx.payment.create({
      data: { reservationId, userId, amount: reservation.price, createdAt: now },
      select: { id: true },
    });
    const { balanceAfter } = await applyBalanceChange(tx, {
      userId,
      delta: -reservation.price,
      kind: "PAYMENT",
      paymentId: payment.id,
      now,
    });
    const sold = await tx.$executeRaw`
      WITH confirmed AS (
        UPDATE reservations SET status = 'CONFIRMED', confirmed_at = ${now}::timestamptz
        WHERE id = ${reservationId}::int RETURNING seat_id)
      UPDATE seats SET sold_at = ${now}::timestamptz FROM confirmed
      WHERE seats.id = confirmed.seat_id AND seats.sold_at IS NULL`;
    // A live reservation owns its seat (one live reservation per seat), so this cannot miss.
    if (sold !== 1) throw new Error(`seat of reservation ${reservationId} was not sellable`);
    await endActiveTokenAfterPayment(tx, userId, reservation.roomId, now);
    if (reservation.roomId !== GENERAL_ROOM_ID) await markSoldOutIfNoneLeft(tx, reservation.concertId, now);

    return {
      paymentId: payment.id,
      reservationId,
      amount: reservation.price,
      paymentStatus: "COMPLETED",
      balanceAfter,
    };
  });
}
