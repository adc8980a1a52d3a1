import {
  myReservationListSchema,
  payReservationRequestSchema,
  paymentParams,
  paymentSchema,
  reservationSchema,
  reserveSeatRequestSchema,
} from "../../booking/booking-schemas";
import { activeQueueTokenErrors, type Operation } from "../operation";

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
    summary: "Pay for a hold (endpoint 7)",
    description:
      "One transaction: the wallet is debited (with a PAYMENT ledger entry), the payment recorded, the reservation CONFIRMED, " +
      "the seat sold, and the queue token ended when the fan has no other pending hold. Any failure changes nothing. " +
      "Simultaneous requests (a double click) charge once. A repeat with the same `Idempotency-Key` replays the first " +
      "response even after the payment ended the queue token.",
    tag: "Booking",
    credentials: "identityAndQueueToken",
    params: paymentParams,
    body: payReservationRequestSchema,
    idempotent: true,
    success: { status: 200, description: "The completed payment", schema: paymentSchema },
    errors: [
      ...activeQueueTokenErrors,
      { error: "forbidden", when: "`userId` is not the caller" },
      {
        error: "forbidden",
        detail: "the queue token belongs to another user",
        when: "the queue token is another fan's",
      },
      { error: "reservation_not_found", when: "no such reservation of this user (another fan's included)" },
      { error: "reservation_expired", when: "the hold lapsed before the payment; nothing was charged" },
      { error: "reservation_already_paid", when: "the reservation is already CONFIRMED" },
      { error: "insufficient_balance", when: "the wallet holds less than the seat's price; nothing changed" },
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
      "The caller's reservations, newest first, with status and hold expiry (a lapsed unpaid hold reads EXPIRED).",
    tag: "Booking",
    credentials: "identity",
    success: { status: 200, description: "The caller's reservations", schema: myReservationListSchema },
  },
];
