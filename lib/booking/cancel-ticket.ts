import "server-only";
import { config } from "../config";
import { AppError } from "../http/app-error";
import { clearSoldOut, tellStoreSoldOut } from "../queue/room-inventory";
import { applyBalanceChange } from "../wallet/apply-balance-change";
import type { CancellationResponse } from "./booking-schemas";
import { bookingTransaction } from "./booking-transaction";

type Locked = {
  id: number;
  seatId: number;
  status: string;
  concertAt: Date;
  concertId: number;
  checkedInAt: Date | null;
  lineId: number | null;
  lineAmount: number | null;
  lineStatus: string | null;
  paymentId: number | null;
  /** balance_after of the line's REFUND ledger row, once refunded: the first answer's balanceAfter. */
  refundBalanceAfter: number | null;
};

/**
 * POST /api/concerts/reservations/{reservationId}/cancel: the fan cancels a paid ticket until
 * REFUND_CUTOFF_HOURS before the show. One transaction: the line's price back to the wallet as a REFUND ledger
 * row, the line REFUNDED, the payment PARTIALLY_REFUNDED or REFUNDED, the reservation CANCELLED, and the seat
 * on sale again (sold_at cleared; a dedicated room that was SOLD_OUT reopens at its next admission tick, which
 * counts unsold seats). A repeat returns the first answer, rebuilt from the refund's own ledger row.
 *
 * Race safety, in the lock order of every booking transaction (user -> reservation -> seat):
 * - two cancels of one ticket: the users row and then the reservation row serialise them; the second reads
 *   the line REFUNDED and answers the first body. The unique index wallet_ledger_one_refund_per_line makes a
 *   second refund of a line impossible even for code that skipped these locks;
 * - cancel and the same fan paying another hold: both take the fan's users row first, so they run one after
 *   the other and each balance change sees the previous one (balance = ledger sum);
 * - cancel and another fan holding the freed seat: the seat is written last, under its row lock; the other
 *   fan's conditional UPDATE of the seat waits for it and, after the commit, finds it unsold and takes it;
 * - cancel and a check-in: both lock the reservation row; a checked-in ticket cannot be cancelled (409), and a
 *   cancelled one is not let in (check-in-ticket.ts).
 */
export async function cancelTicket(input: {
  userId: number;
  reservationId: number;
  now: Date;
}): Promise<CancellationResponse> {
  const { userId, reservationId, now } = input;
  const { REFUND_CUTOFF_HOURS } = config();
  let reopened: number[] = [];
  const cancelled = await bookingTransaction(async (tx): Promise<CancellationResponse> => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::int FOR NO KEY UPDATE`;
    const [ticket] = await tx.$queryRaw<Locked[]>`
      SELECT r.id, r.seat_id AS "seatId", r.status::text AS status, sc.concert_at AS "concertAt",
        sc.concert_id AS "concertId",
        r.checked_in_at AS "checkedInAt", pl.id AS "lineId", pl.amount AS "lineAmount",
        pl.status::text AS "lineStatus", pl.payment_id AS "paymentId", refund.balance_after AS "refundBalanceAfter"
      FROM reservations r
      JOIN seats st ON st.id = r.seat_id
      JOIN schedules sc ON sc.id = st.schedule_id
      LEFT JOIN payment_lines pl ON pl.reservation_id = r.id
      LEFT JOIN wallet_ledger refund ON refund.payment_line_id = pl.id AND refund.kind = 'REFUND'
      WHERE r.id = ${reservationId}::int AND r.user_id = ${userId}::int
      FOR UPDATE OF r`;
    if (!ticket) throw new AppError("reservation_not_found");
    if (ticket.lineStatus === "REFUNDED") {
      return {
        reservationId,
        reservationStatus: "CANCELLED",
        refundedAmount: ticket.lineAmount!,
        balanceAfter: ticket.refundBalanceAfter!,
      };
    }
    if (ticket.status === "CANCELLED") {
      throw new AppError("reservation_not_confirmed", "the hold was released before payment; nothing was paid");
    }
    if (ticket.status !== "CONFIRMED")
      throw new AppError("reservation_not_confirmed", "only a paid ticket is refunded");
    if (ticket.checkedInAt) {
      throw new AppError(
        "already_checked_in",
        `a used ticket cannot be cancelled: checked in at ${ticket.checkedInAt.toISOString()}`,
      );
    }
    const deadline = new Date(ticket.concertAt.getTime() - REFUND_CUTOFF_HOURS * 3600_000);
    if (now >= deadline) throw new AppError("refund_cutoff", `cancellations closed at ${deadline.toISOString()}`);
    if (ticket.lineId === null || ticket.paymentId === null || ticket.lineAmount === null) {
      throw new Error(`confirmed reservation ${reservationId} has no payment line`);
    }

    const { balanceAfter } = await applyBalanceChange(tx, {
      userId,
      delta: ticket.lineAmount,
      kind: "REFUND",
      paymentId: ticket.paymentId,
      paymentLineId: ticket.lineId,
      now,
    });
    await tx.$executeRaw`UPDATE payment_lines SET status = 'REFUNDED', refunded_at = ${now}::timestamptz
      WHERE id = ${ticket.lineId}::int`;
    await tx.$executeRaw`UPDATE payments SET status = (CASE
        WHEN EXISTS (SELECT 1 FROM payment_lines WHERE payment_id = ${ticket.paymentId}::int AND status = 'PAID')
        THEN 'PARTIALLY_REFUNDED' ELSE 'REFUNDED' END)::"PaymentStatus"
      WHERE id = ${ticket.paymentId}::int`;
    await tx.$executeRaw`UPDATE reservations SET status = 'CANCELLED', cancelled_at = ${now}::timestamptz
      WHERE id = ${reservationId}::int`;
    await tx.$executeRaw`UPDATE seats SET sold_at = NULL, hold_expires_at = NULL WHERE id = ${ticket.seatId}::int`;
    // A dedicated room that was sold out is on sale again for every poll after this commit.
    reopened = await clearSoldOut(tx, ticket.concertId);
    return { reservationId, reservationStatus: "CANCELLED", refundedAmount: ticket.lineAmount, balanceAfter };
  });
  await tellStoreSoldOut(reopened, false);
  return cancelled;
}
