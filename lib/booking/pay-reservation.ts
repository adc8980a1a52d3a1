import "server-only";
import { config } from "../config";
import { AppError } from "../http/app-error";
import { endActiveTokenAfterPayment } from "../queue/active-token-lifecycle";
import { assertTokenRoom } from "../queue/require-queue-token";
import { markSoldOutIfNoneLeft, tellStoreSoldOut } from "../queue/room-inventory";
import { GENERAL_ROOM_ID } from "../queue/room-rules";
import { applyBalanceChange, INT4_MAX } from "../wallet/apply-balance-change";
import type { MultiPaymentResponse, PaymentResponse } from "./booking-schemas";
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

type PayInput = {
  userId: number;
  /** The fan's ACTIVE queue token: it must be of the reservations' room, and it ends with the payment. */
  token: { roomId: number };
  now: Date;
};

/** Endpoint 7 with `{reservationId}`: the original request and response. */
export async function payReservation(input: PayInput & { reservationId: number }): Promise<PaymentResponse> {
  const paid = await payReservations({ ...input, reservationIds: [input.reservationId] });
  return {
    paymentId: paid.paymentId,
    reservationId: input.reservationId,
    amount: paid.amount,
    paymentStatus: paid.paymentStatus,
    balanceAfter: paid.balanceAfter,
  };
}

/**
 * Endpoint 7, one transaction for one or several reservations: one debit of the sum with one PAYMENT ledger
 * row, one payment with one line per reservation, every reservation CONFIRMED with a booking number, every
 * seat sold, and the room's queue token ended. Any failure (one lapsed hold, a short balance) rolls all of it
 * back: all confirmed or none.
 *
 * Race safety, in the lock order of every booking transaction (user -> reservation -> seat):
 * 1. the fan's users row FOR NO KEY UPDATE serialises the fan's payments, releases, cancellations and holds,
 *    so two payments naming overlapping reservations run one after the other;
 * 2. the reservations are locked FOR UPDATE in id order before their state is read, so of any number of
 *    simultaneous payments one proceeds and the others, once it commits, read CONFIRMED (400 already paid).
 *    A new hold racing a hold's expiry must first mark the old reservation EXPIRED (reserve-seat.ts), which
 *    waits for this lock and afterwards no longer matches a CONFIRMED row;
 * 3. the seats are written last. Nothing that locks a seat first then waits for a reservation or a user.
 * The debit itself re-checks the balance under the users row lock (applyBalanceChange).
 */
export async function payReservations(input: PayInput & { reservationIds: number[] }): Promise<MultiPaymentResponse> {
  const { userId, reservationIds, token, now } = input;
  const { MAX_HOLDS_PER_USER } = config();
  // The schema refuses empty lists and repeated ids; the limit is configuration, so it is checked here.
  if (reservationIds.length > MAX_HOLDS_PER_USER) {
    throw new AppError(
      "bad_request",
      `body.reservationIds: at most ${MAX_HOLDS_PER_USER} reservations (the hold limit) in one payment`,
    );
  }
  const many = reservationIds.length > 1;
  const which = (id: number) => (many ? `reservation ${id}` : undefined);

  let soldOutRooms: number[] = [];
  const paid = await bookingTransaction(async (tx): Promise<MultiPaymentResponse> => {
    soldOutRooms = [];
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::int FOR NO KEY UPDATE`;
    const rows = await tx.$queryRaw<Locked[]>`
      SELECT r.id, r.seat_id AS "seatId", r.price, r.status::text AS status, r.expires_at AS "expiresAt",
        COALESCE(q.id, ${GENERAL_ROOM_ID}::int) AS "roomId", sc.concert_id AS "concertId"
      FROM reservations r
      JOIN seats st ON st.id = r.seat_id
      JOIN schedules sc ON sc.id = st.schedule_id
      LEFT JOIN queue_rooms q ON q.concert_id = sc.concert_id
      WHERE r.id = ANY(${reservationIds}::int[]) AND r.user_id = ${userId}::int
      ORDER BY r.id
      FOR UPDATE OF r`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Another fan's reservation reads as unknown: its existence is not the caller's business.
    const missing = reservationIds.find((id) => !byId.has(id));
    if (missing !== undefined) throw new AppError("reservation_not_found", which(missing));
    const roomIds = new Set(rows.map((r) => r.roomId));
    if (roomIds.size > 1) throw new AppError("mixed_rooms");
    const roomId = rows[0]!.roomId;
    assertTokenRoom(token, roomId);
    for (const id of reservationIds) {
      const r = byId.get(id)!;
      if (r.status === "CONFIRMED") throw new AppError("reservation_already_paid", which(id));
      if (r.status === "CANCELLED") throw new AppError("reservation_cancelled", which(id));
      if (r.status !== "PAYMENT_PENDING" || r.expiresAt <= now) {
        const lapsed = `the hold lapsed at ${r.expiresAt.toISOString()}`;
        throw new AppError("reservation_expired", many ? `reservation ${id}: ${lapsed}` : lapsed);
      }
    }
    const amount = rows.reduce((sum, r) => sum + r.price, 0);
    // No balance (an int4) can cover more; the debit below would refuse it anyway.
    if (amount > INT4_MAX) throw new AppError("insufficient_balance", `needed ${amount}`);

    const payment = await tx.payment.create({
      data: { reservationId: many ? null : reservationIds[0]!, userId, amount, createdAt: now },
      select: { id: true },
    });
    const { balanceAfter } = await applyBalanceChange(tx, {
      userId,
      delta: -amount,
      kind: "PAYMENT",
      paymentId: payment.id,
      now,
    });
    await tx.$executeRaw`
      INSERT INTO payment_lines (payment_id, reservation_id, amount)
      SELECT ${payment.id}::int, r.id, r.price FROM reservations r
      WHERE r.id = ANY(${reservationIds}::int[]) ORDER BY r.id`;
    const sold = await tx.$executeRaw`
      WITH confirmed AS (
        UPDATE reservations SET status = 'CONFIRMED', confirmed_at = ${now}::timestamptz
        WHERE id = ANY(${reservationIds}::int[]) RETURNING seat_id)
      UPDATE seats SET sold_at = ${now}::timestamptz FROM confirmed
      WHERE seats.id = confirmed.seat_id AND seats.sold_at IS NULL`;
    // A live reservation owns its seat (one live reservation per seat), so this cannot miss.
    if (sold !== reservationIds.length) throw new Error(`seats of reservations ${reservationIds} were not sellable`);
    await tx.$queryRaw`SELECT assign_booking_number(id)::text FROM unnest(${reservationIds}::int[]) AS id`;
    await endActiveTokenAfterPayment(tx, userId, roomId, now);
    if (roomId !== GENERAL_ROOM_ID) {
      for (const concertId of new Set(rows.map((r) => r.concertId))) {
        soldOutRooms.push(...(await markSoldOutIfNoneLeft(tx, concertId, now)));
      }
    }

    return { paymentId: payment.id, reservationIds, amount, paymentStatus: "COMPLETED", balanceAfter };
  });
  await tellStoreSoldOut(soldOutRooms, true);
  return paid;
}
