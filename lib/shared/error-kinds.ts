// Every failure the API can answer, by its machine-readable kind (the `error` field of the error body).
// The table is the contract's (API.md, "Errors"), plus the kinds marked "ours". Neutral: the server
// builds error bodies from it and the browser's fetcher types its errors with it.
//
// A sub-case of a message gets its own kind but keeps the original message and puts the sub-case in
// `detail` (seat_unavailable is `400 reservation failed`, detail "seat unavailable"), so clients written
// against the original messages keep working.

type KindSpec = { status: number; message: string; detail?: string; description: string };

export const ERROR_KINDS = {
  bad_request: {
    status: 400,
    message: "bad request",
    description: "Input failed validation; `detail` names the field",
  },
  malformed_json: { status: 400, message: "malformed JSON", description: "The body is not valid JSON" },
  payload_too_large: { status: 413, message: "payload too large", description: "The body is over 64 KiB" },
  unsupported_media_type: {
    status: 415,
    message: "unsupported media type",
    description: "A body sent without Content-Type: application/json",
  },
  method_not_allowed: {
    status: 405,
    message: "method not allowed",
    description: "The path exists; the Allow header lists its methods",
  },
  authentication_required: {
    status: 401,
    message: "authentication required",
    description: "No session cookie or X-API-Key",
  },
  invalid_api_key: {
    status: 401,
    message: "authentication required",
    detail: "invalid API key",
    description: "(ours) An X-API-Key that is malformed, unknown or revoked",
  },
  invalid_credentials: {
    status: 401,
    message: "invalid email or password",
    description: "Sign-in with a wrong email or password",
  },
  forbidden: {
    status: 403,
    message: "forbidden",
    description: "Authenticated, but acting on another user's resource or without the role",
  },
  invalid_token: {
    status: 401,
    message: "invalid token",
    description: "Queue token absent or malformed (or ended, on booking calls)",
  },
  token_expired: {
    status: 401,
    message: "invalid token",
    detail: "expired",
    description: "The queue token has expired (endpoint 3 answers 200 EXPIRED instead)",
  },
  token_not_found: {
    status: 404,
    message: "token not found",
    description: "A well-formed queue token that is unknown or forged, or no live token for the user",
  },
  token_not_active: {
    status: 403,
    message: "token not active",
    description: "The queue token is still waiting in line",
  },
  token_other_room: {
    status: 403,
    message: "token not active",
    detail: "token of another room",
    description: "The queue token belongs to another waiting room than this concert's",
  },
  not_found: { status: 404, message: "not found", description: "No such API route" },
  user_not_found: { status: 404, message: "user not found", description: "No such user" },
  concert_not_found: { status: 404, message: "concert not found", description: "No such concert" },
  schedule_not_found: {
    status: 404,
    message: "concert schedule not found",
    description: "No such schedule for this concert",
  },
  seat_not_found: { status: 404, message: "seat not found", description: "No such seat in this schedule" },
  reservation_not_found: {
    status: 404,
    message: "reservation not found",
    description: "No such reservation of this user",
  },
  api_key_not_found: { status: 404, message: "api key not found", description: "(ours) No such API key of this user" },
  seat_unavailable: {
    status: 400,
    message: "reservation failed",
    detail: "seat unavailable",
    description: "The seat is held or sold",
  },
  hold_limit: {
    status: 400,
    message: "reservation failed",
    detail: "hold limit",
    description: "The fan already holds MAX_HOLDS_PER_USER unpaid seats",
  },
  ticket_limit: {
    status: 400,
    message: "reservation failed",
    detail: "ticket limit",
    description: "The fan already holds or owns the room's maxTicketsPerFan seats of this concert",
  },
  booking_not_open: {
    status: 400,
    message: "reservation failed",
    detail: "booking not open yet",
    description: "The schedule's reservationAt is still ahead",
  },
  concert_past: {
    status: 400,
    message: "reservation failed",
    detail: "concert past",
    description: "The schedule's concert has begun",
  },
  hold_needs_funds: {
    status: 400,
    message: "reservation failed",
    detail: "insufficient balance",
    description: "The room requires the wallet to cover this seat and every unpaid hold",
  },
  reservation_expired: {
    status: 400,
    message: "reservation expired",
    description: "The hold lapsed before payment; nothing was charged",
  },
  reservation_already_paid: {
    status: 400,
    message: "reservation already paid",
    description: "The reservation is already confirmed",
  },
  reservation_cancelled: {
    status: 400,
    message: "reservation cancelled",
    description: "The reservation was cancelled",
  },
  reservation_not_confirmed: {
    status: 400,
    message: "reservation not confirmed",
    description: "Only a paid reservation can be cancelled and refunded",
  },
  refund_cutoff: {
    status: 400,
    message: "refund cutoff passed",
    description: "Too close to the show to cancel (REFUND_CUTOFF_HOURS)",
  },
  mixed_rooms: {
    status: 400,
    message: "payment failed",
    detail: "reservations of more than one waiting room",
    description:
      "(ours) One payment names reservations of concerts in different waiting rooms; pay each room's seats separately",
  },
  insufficient_balance: {
    status: 400,
    message: "Insufficient balance",
    description: "The wallet does not cover the payment; nothing changed",
  },
  invalid_charge_amount: {
    status: 400,
    message: "invalid charge amount",
    description: "The amount is not an integer from 1 to 1,000,000",
  },
  balance_limit: {
    status: 400,
    message: "invalid charge amount",
    detail: "balance limit",
    description: "The charge would take the balance past 100,000,000",
  },
  api_key_limit: {
    status: 400,
    message: "bad request",
    description: "(ours) The user already has the most active API keys allowed",
  },
  idempotency_key_reused: {
    status: 409,
    message: "idempotency key reused",
    description: "The Idempotency-Key was used with another request in the last 24 hours",
  },
  idempotency_key_in_use: {
    status: 409,
    message: "idempotency key in use",
    description: "The first request with this Idempotency-Key is still running",
  },
  email_taken: { status: 409, message: "email already registered", description: "Sign-up with a taken email" },
  room_not_open: {
    status: 409,
    message: "room not open",
    description: "The waiting room opens later; `detail` is the opening time",
  },
  sold_out: { status: 409, message: "sold out", description: "Every seat of the concert's future schedules is sold" },
  sale_closed: { status: 409, message: "sale closed", description: "The organizer closed the sale" },
  draw_not_done: { status: 409, message: "draw not done", description: "The pre-queue draw has not happened yet" },
  room_locked: {
    status: 409,
    message: "room locked",
    description: "The room can no longer be replaced or removed (its pre-queue has opened)",
  },
  layout_locked: {
    status: 409,
    message: "layout locked",
    description: "Seats of this schedule are already held or sold",
  },
  last_admin: { status: 409, message: "last admin", description: "The last admin cannot lose the role" },
  already_checked_in: {
    status: 409,
    message: "already checked in",
    description: "The ticket was used; `detail` is the first check-in time",
  },
  invalid_ticket: {
    status: 400,
    message: "invalid ticket",
    description: "Forged, cancelled, unknown or another schedule's ticket; `detail` says which",
  },
  rate_limited: {
    status: 429,
    message: "too many requests",
    description: "Over a limit; the Retry-After header says when to try again",
  },
  internal_error: { status: 500, message: "internal server error", description: "An unexpected failure" },
  service_unavailable: {
    status: 503,
    message: "service unavailable",
    description: "Overloaded or a dependency is down; retry after Retry-After",
  },
} as const satisfies Record<string, KindSpec>;

export type ErrorKind = keyof typeof ERROR_KINDS;

export const ERROR_KIND_NAMES = Object.keys(ERROR_KINDS) as [ErrorKind, ...ErrorKind[]];

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === "string" && Object.hasOwn(ERROR_KINDS, value);
}

/** The wire shape of every error. */
export type ErrorBody = { code: number; message: string; error: ErrorKind; detail?: string };
