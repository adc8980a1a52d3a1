import "server-only";
import { config } from "../config";
import { isUniqueViolation } from "../db/pg-error";
import { prisma } from "../db/prisma";
import { firstRow, oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { extendActiveToken, holdDeadline } from "../queue/active-token-lifecycle";
import { assertTokenRoom } from "../queue/require-queue-token";
import { GENERAL_ROOM_ID } from "../queue/room-rules";
import type { ReservationResponse, ReserveSeatInput } from "./booking-schemas";
import { bookingTransaction } from "./booking-transaction";

type Target = {
  concertId: number;
  concertName: string;
  scheduleId: number | null;
  concertAt: Date | null;
  reservationAt: Date | null;
  seatId: number | null;
  seatNumber: number | null;
  seatPrice: number | null;
  available: boolean | null;
  /** The concert's waiting room (the general room when it has none) and its rules. */
  roomId: number;
  dedicatedRoom: boolean;
  closed: boolean;
  holdRequiresFunds: boolean;
  maxTicketsPerFan: number;
};

/**
 * Endpoint 6: holds a seat for RESERVATION_HOLD_SECONDS.
 *
 * Race safety, in lock order (every booking transaction locks user -> reservation -> seat, so a
 * hold and a payment can never wait on each other in a cycle):
 * 1. the fan's users row FOR NO KEY UPDATE serialises that fan's holds, so the hold-limit count
 *    that follows (a new statement, so a fresh snapshot) sees every hold committed before it;
 * 2. a lapsed PAYMENT_PENDING reservation of the seat is marked EXPIRED (it would otherwise block
 *    the partial unique index reservations_one_live_per_seat);
 * 3. one conditional UPDATE of the seat takes the hold only if it is unsold and unheld; concurrent
 *    racers block on the row lock and re-check the condition after the winner commits, so exactly
 *    one gets a row back. The reservation is inserted from that same statement.
 * The room's rules (a dedicated room's maxTicketsPerFan and holdRequiresFunds) are counted in step 1's
 * fresh snapshot under the same user lock, so a burst of one fan's holds cannot slip past them; charges and
 * payments take that lock too, so the balance read is the one the hold is judged against.
 */
export async function reserveSeat(
  input: ReserveSeatInput & { token: { tokenId: number; roomId: number }; now: Date },
): Promise<ReservationResponse> {
  const { userId, concertId, scheduleId, seatId, token, now } = input;
  const { RESERVATION_HOLD_SECONDS, MAX_HOLDS_PER_USER } = config();
  const target = await findTarget(concertId, scheduleId, seatId, now);
  assertTokenRoom(token, target.roomId);
  if (target.closed) throw new AppError("sale_closed");
  if (target.reservationAt! > now) throw new AppError("booking_not_open");
  if (target.concertAt! <= now) throw new AppError("concert_past");
  // In a race nearly every loser arrives after the winner committed: answering them from this read
  // spares them the transaction. It is only a shortcut; the conditional UPDATE below stays the guard.
  if (!target.available) throw new AppError("seat_unavailable");
  let expiresAt = new Date(now.getTime() + RESERVATION_HOLD_SECONDS * 1000);

  const held = await bookingTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::int FOR NO KEY UPDATE`;
    expiresAt = await holdDeadline(tx, token.tokenId, expiresAt, now); // never past the token's hard cap
    const fan = oneRow(
      await tx.$queryRaw<{ holds: number; heldAmount: number; concertTickets: number; balance: number }[]>`
      WITH lapsed AS (
        UPDATE reservations SET status = 'EXPIRED'
        WHERE seat_id = ${seatId}::int AND status = 'PAYMENT_PENDING' AND expires_at <= ${now}::timestamptz),
      live AS (
        SELECT r.status, r.price, sc.concert_id FROM reservations r
        JOIN seats st ON st.id = r.seat_id JOIN schedules sc ON sc.id = st.schedule_id
        WHERE r.user_id = ${userId}::int
          AND (r.status = 'CONFIRMED' OR (r.status = 'PAYMENT_PENDING' AND r.expires_at > ${now}::timestamptz)))
      SELECT count(*) FILTER (WHERE status = 'PAYMENT_PENDING')::int AS holds,
        COALESCE(sum(price) FILTER (WHERE status = 'PAYMENT_PENDING'), 0)::int AS "heldAmount",
        count(*) FILTER (WHERE concert_id = ${concertId}::int)::int AS "concertTickets",
        (SELECT balance FROM users WHERE id = ${userId}::int) AS balance
      FROM live`,
    );
    if (fan.holds >= MAX_HOLDS_PER_USER) throw new AppError("hold_limit");
    if (target.dedicatedRoom && fan.concertTickets >= target.maxTicketsPerFan) {
      throw new AppError("ticket_limit", `at most ${target.maxTicketsPerFan} seats per fan for this concert`);
    }
    if (target.holdRequiresFunds && fan.balance < fan.heldAmount + target.seatPrice!) {
      throw new AppError(
        "hold_needs_funds",
        `insufficient balance: ${fan.balance} won covers less than this seat and your unpaid holds (${fan.heldAmount + target.seatPrice!} won)`,
      );
    }
    const rows = await tx.$queryRaw<{ id: number; price: number }[]>`
      WITH held AS (
        UPDATE seats SET hold_expires_at = ${expiresAt}::timestamptz
        WHERE id = ${seatId}::int AND schedule_id = ${scheduleId}::int AND sold_at IS NULL
          AND (hold_expires_at IS NULL OR hold_expires_at <= ${now}::timestamptz)
        RETURNING id, price)
      INSERT INTO reservations (user_id, seat_id, price, status, expires_at, created_at)
      SELECT ${userId}::int, held.id, held.price, 'PAYMENT_PENDING'::"ReservationStatus", ${expiresAt}::timestamptz, ${now}::timestamptz FROM held
      RETURNING id, price`.catch((error: unknown) => {
      // The partial unique index is the backstop; it only fires if seat and reservation rows disagree.
      if (isUniqueViolation(error)) throw new AppError("seat_unavailable");
      throw error;
    });
    if (rows.length === 0) throw new AppError("seat_unavailable");
    await extendActiveToken(tx, token.tokenId, expiresAt, now);
    return oneRow(rows, "held seat");
  });

  return {
    reservationId: held.id,
    concertId: target.concertId,
    concertName: target.concertName,
    concertAt: target.concertAt!.toISOString(),
    scheduleId,
    seatId,
    seatNumber: target.seatNumber!,
    seatPrice: held.price,
    seatprice: held.price,
    reservationStatus: "PAYMENT_PENDING",
    expiresAt: expiresAt.toISOString(),
  };
}

/** Concert, schedule of that concert, seat of that schedule: one read, 404 for the first missing. */
async function findTarget(concertId: number, scheduleId: number, seatId: number, now: Date): Promise<Target> {
  const rows = await prisma.$queryRaw<Target[]>`
    SELECT c.id AS "concertId", c.name AS "concertName",
           s.id AS "scheduleId", s.concert_at AS "concertAt", s.reservation_at AS "reservationAt",
           st.id AS "seatId", st.seat_number AS "seatNumber", st.price AS "seatPrice",
           (st.sold_at IS NULL AND (st.hold_expires_at IS NULL OR st.hold_expires_at <= ${now}::timestamptz)) AS "available",
           COALESCE(r.id, ${GENERAL_ROOM_ID}::int) AS "roomId", r.id IS NOT NULL AS "dedicatedRoom",
           COALESCE(r.closed_at IS NOT NULL, false) AS closed,
           COALESCE(r.hold_requires_funds, false) AS "holdRequiresFunds",
           COALESCE(r.max_tickets_per_fan, 0) AS "maxTicketsPerFan"
    FROM concerts c
    LEFT JOIN schedules s ON s.id = ${scheduleId}::int AND s.concert_id = c.id
    LEFT JOIN seats st ON st.id = ${seatId}::int AND st.schedule_id = s.id
    LEFT JOIN queue_rooms r ON r.concert_id = c.id
    WHERE c.id = ${concertId}::int`;
  const target = firstRow(rows);
  if (!target) throw new AppError("concert_not_found");
  if (target.scheduleId === null) throw new AppError("schedule_not_found");
  if (target.seatId === null) throw new AppError("seat_not_found");
  return target;
}
