import { z } from "zod";
import {
  cancellationSchema,
  multiPaymentSchema,
  myReservationListSchema,
  payReservationRequestSchema,
  paymentParams,
  paymentSchema,
  releaseSchema,
  reservationParams,
  reservationSchema,
  reserveSeatRequestSchema,
} from "../../booking/booking-schemas";
import { activeQueueTokenErrors, type Operation } from "../operation";

/** `{reservationId}` answers the original Payment; `{reservationIds}` the MultiPayment. */
const paymentResponseSchema = z.union([paymentSchema, multiPaymentSchema]);

export const bookingOperations: Operation[] = [
  {
    method: "post",
    path: "/api/concerts/reservations",
    operationId: "reserveSeat",
    summary: "Hold a seat (endpoint 6)",
    description:
      "Holds the seat for the fan named by `userId` (the caller) until `expiresAt` (RESERVATION_HOLD_SECONDS, default 300 s). " +
      "Of any number of simultaneous requests for one seat exactly one wins. An unpaid hold lapses by itself: " +
      "the seat reads AVAILABLE again and the reservation EXPIRED. A fan holds at most MAX_HOLDS_PER_USER (default 4) unpaid seats. " +
      "Needs the caller's identity and their own ACTIVE queue token.",
    tag: "Booking",
    credentials: "identityAndQueueToken",
    body: reserveSeatRequestSchema,
    idempotent: true,
    success: { status: 200, description: "The hold", schema: reservationSchema },
    errors: [
      ...activeQueueTokenErrors,
      { error: "forbidden", when: "`userId` is not the caller" },
      {
        error: "forbidden",
        detail: "the queue token belongs to another user",
        when: "the queue token is another fan's",
      },
      { error: "concert_not_found", when: "no such concert" },
      { error: "schedule_not_found", when: "no such schedule of this concert" },
      { error: "seat_not_found", when: "no such seat in this schedule" },
      { error: "seat_unavailable", when: "the seat is sold or held" },
      { error: "booking_not_open", when: "before the schedule's `reservationAt`" },
      { error: "concert_past", when: "the concert has started" },
      { error: "hold_limit", when: "the fan already holds the maximum of unpaid seats" },
      {
        error: "ticket_limit",
        when: "a dedicated room's `maxTicketsPerFan`: the fan already holds or owns that many seats of this concert",
      },
      {
        error: "hold_needs_funds",
        when: "a dedicated room with `holdRequiresFunds`: the balance does not cover this seat plus every unpaid hold",
      },
      { error: "sale_closed", when: "the organizer closed the sale (existing holds stay payable)" },
      {
        error: "service_unavailable",
        detail: "database busy, retry",
        when: "the database is overloaded; retry after `Retry-After` seconds",
      },
    ],
  },
  {
    method: "post",
    path: "/api/payment/concerts/users/{userId}",
    operationId: "payReservation",
    summary: "Pay for one hold or several (endpoint 7)",
    description:
      "One transaction: the wallet is debited (with a PAYMENT ledger entry), the payment recorded, the reservation CONFIRMED, " +
      "the seat sold, and the queue token ended when the fan has no other pending hold. Any failure changes nothing. " +
      "Simultaneous requests (a double click) charge once. A repeat with the same `Idempotency-Key` replays the first " +
      "response even after the payment ended the queue token.\n\n" +
      "`{reservationIds: [...]}` pays several holds at once: all the caller's, all unpaid, all of one waiting room, at most " +
      "MAX_HOLDS_PER_USER (default 4), each named once. One debit of the sum, one payment with one line per reservation, " +
      "all confirmed or none; the answer is a MultiPayment. `{reservationId}` keeps the original Payment answer. " +
      "A failure about one of several reservations names it in `detail` (`reservation 12: ...`).",
    tag: "Booking",
    credentials: "identityAndQueueToken",
    params: paymentParams,
    body: payReservationRequestSchema,
    idempotent: true,
    success: {
      status: 200,
      description: "The completed payment: a Payment for `{reservationId}`, a MultiPayment for `{reservationIds}`",
      schema: paymentResponseSchema,
    },
    errors: [
      ...activeQueueTokenErrors,
      { error: "forbidden", when: "`userId` is not the caller" },
      {
        error: "forbidden",
        detail: "the queue token belongs to another user",
        when: "the queue token is another fan's",
      },
      { error: "reservation_not_found", when: "no such reservation of this user (another fan's included)" },
      {
        error: "reservation_expired",
        when: "the hold (or one of them) lapsed before the payment; nothing was charged",
      },
      { error: "reservation_already_paid", when: "the reservation (or one of them) is already CONFIRMED" },
      { error: "reservation_cancelled", when: "the reservation (or one of them) was released or cancelled" },
      { error: "insufficient_balance", when: "the wallet holds less than the price (the sum); nothing changed" },
      {
        error: "bad_request",
        when: "`reservationIds` is empty, names an id twice, or names more reservations than the hold limit",
      },
      { error: "mixed_rooms", when: "`reservationIds` names reservations of different waiting rooms" },
      {
        error: "service_unavailable",
        detail: "database busy, retry",
        when: "the database is overloaded; retry after `Retry-After` seconds",
      },
    ],
  },
  {
    method: "delete",
    path: "/api/concerts/reservations/{reservationId}",
    operationId: "releaseHold",
    summary: "Release an unpaid hold",
    description:
      "Ends the caller's unpaid hold at once: the reservation is CANCELLED, the seat AVAILABLE to everyone, and the " +
      "fan's hold limit has room again. Needs the caller's identity only (no queue token). A repeat answers the same; " +
      "a hold that had already lapsed answers EXPIRED. A paid ticket is cancelled (and refunded) with `POST .../cancel`.",
    tag: "Booking",
    credentials: "identity",
    params: reservationParams,
    success: { status: 200, description: "The hold is gone", schema: releaseSchema },
    errors: [
      { error: "reservation_not_found", when: "no such reservation of the caller (another fan's included)" },
      { error: "reservation_already_paid", when: "the reservation is paid: cancel it with `POST .../cancel`" },
      {
        error: "service_unavailable",
        detail: "database busy, retry",
        when: "the database is overloaded; retry after `Retry-After` seconds",
      },
    ],
  },
  {
    method: "post",
    path: "/api/concerts/reservations/{reservationId}/cancel",
    operationId: "cancelTicket",
    summary: "Cancel a paid ticket and refund it",
    description:
      "Until REFUND_CUTOFF_HOURS (default 24) before the show, in one transaction: the ticket's price back to the wallet " +
      "(a REFUND ledger entry, even past the 100,000,000 charge cap), the payment line REFUNDED (the payment partly or " +
      "fully refunded), the reservation CANCELLED and the seat on sale again. A repeat answers 200 with the first body; " +
      "simultaneous cancels refund once. Needs the caller's identity only.",
    tag: "Booking",
    credentials: "identity",
    params: reservationParams,
    success: { status: 200, description: "Cancelled and refunded", schema: cancellationSchema },
    errors: [
      { error: "reservation_not_found", when: "no such reservation of the caller (another fan's included)" },
      { error: "reservation_not_confirmed", when: "the reservation is not paid (a hold, or released, or lapsed)" },
      { error: "refund_cutoff", when: "the cancellation deadline has passed; `detail` says when it closed" },
      { error: "already_checked_in", when: "the ticket was already used at the door" },
      {
        error: "service_unavailable",
        detail: "database busy, retry",
        when: "the database is overloaded; retry after `Retry-After` seconds",
      },
    ],
  },
  {
    method: "get",
    path: "/api/me/reservations",
    operationId: "listMyReservations",
    summary: "My reservations",
    description:
      "The caller's reservations, newest first, with status and hold expiry (a lapsed unpaid hold reads EXPIRED). " +
      "A confirmed ticket carries its `bookingNumber` and `ticketCode` (the QR code's signed payload), the seat's grade " +
      "and the venue; a cancelled one its refund.",
    tag: "Booking",
    credentials: "identity",
    success: { status: 200, description: "The caller's reservations", schema: myReservationListSchema },
  },
];
