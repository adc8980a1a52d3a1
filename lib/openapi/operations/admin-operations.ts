import {
  adminConcertListQuery,
  adminConcertListSchema,
  adminConcertParams,
  adminConcertSchema,
  adminScheduleParams,
  adminScheduleSchema,
  adminUserListSchema,
  adminUserParams,
  adminUserSchema,
  auditPageSchema,
  auditQuerySchema,
  createConcertRequestSchema,
  createdConcertSchema,
  createdScheduleSchema,
  patchConcertRequestSchema,
  replaceSectionsRequestSchema,
  roomStatsQuerySchema,
  roomStatsSchema,
  salesCsvSchema,
  scheduleInputSchema,
  setRoleRequestSchema,
  userSearchQuerySchema,
} from "../../admin/admin-schemas";
import { concertRoomParams } from "../../queue/queue-schemas";
import {
  patchGeneralRoomRequestSchema,
  patchRoomRequestSchema,
  putRoomRequestSchema,
  roomSchema,
} from "../../rooms/room-schemas";
import { checkInRequestSchema, checkInSchema } from "../../tickets/ticket-schemas";
import type { Operation } from "../operation";

// The organizer API (ONSALE.md, "Organizer API"): admins only, with a session cookie or an API key.

export const adminRoomOperations: Operation[] = [
  {
    method: "put",
    path: "/api/admin/concerts/{concertId}/room",
    operationId: "putConcertRoom",
    summary: "Give a concert its own waiting room",
    description:
      "Creates the concert's dedicated room or replaces its settings while its pre-queue has not opened. " +
      "Creating it draws the draw's secret seed and publishes `drawCommitment` = sha256(seed), which never changes.",
    tag: "Organizer",
    credentials: "admin",
    params: concertRoomParams,
    body: putRoomRequestSchema,
    success: { status: 200, description: "The room", schema: roomSchema },
    errors: [
      { error: "concert_not_found", when: "no such concert" },
      { error: "room_locked", when: "the room's pre-queue has already opened" },
    ],
  },
  {
    method: "patch",
    path: "/api/admin/concerts/{concertId}/room",
    operationId: "patchConcertRoom",
    summary: "Run a sale: pause, close, capacity, rate, rules, a later start",
    description:
      "In force from the room's next admission tick (within a second) and the fans' next poll. `salesStartAt` may only move later, before the draw.",
    tag: "Organizer",
    credentials: "admin",
    params: concertRoomParams,
    body: patchRoomRequestSchema,
    success: { status: 200, description: "The room", schema: roomSchema },
    errors: [
      { error: "concert_not_found", when: "no such concert" },
      { error: "not_found", when: "the concert has no room of its own" },
      { error: "room_locked", when: "`salesStartAt` after the draw has run" },
    ],
  },
  {
    method: "delete",
    path: "/api/admin/concerts/{concertId}/room",
    operationId: "deleteConcertRoom",
    summary: "Send a concert back to the general room",
    tag: "Organizer",
    credentials: "admin",
    params: concertRoomParams,
    success: { status: 204, description: "Done" },
    errors: [
      { error: "concert_not_found", when: "no such concert" },
      { error: "not_found", when: "the concert has no room of its own" },
      { error: "room_locked", when: "the room is not UPCOMING any more" },
    ],
  },
  {
    method: "get",
    path: "/api/admin/room",
    operationId: "getGeneralRoom",
    summary: "The general room's settings",
    tag: "Organizer",
    credentials: "admin",
    success: { status: 200, description: "The general room", schema: roomSchema },
  },
  {
    method: "patch",
    path: "/api/admin/room",
    operationId: "patchGeneralRoom",
    summary: "Pause the general room or change its capacity and rate",
    tag: "Organizer",
    credentials: "admin",
    body: patchGeneralRoomRequestSchema,
    success: { status: 200, description: "The general room", schema: roomSchema },
  },
  {
    method: "post",
    path: "/api/admin/check-in",
    operationId: "checkInTicket",
    summary: "Let a ticket in at the door",
    description:
      "`code` is a ticket's `ticketCode` (scanned from its QR code) or its `bookingNumber` (typed). The first valid use " +
      "for this schedule admits it; simultaneous scans of one ticket admit it once. Recorded in the audit log.",
    tag: "Organizer",
    credentials: "admin",
    body: checkInRequestSchema,
    success: { status: 200, description: "Admitted", schema: checkInSchema },
    errors: [
      { error: "schedule_not_found", when: "no such schedule" },
      {
        error: "invalid_ticket",
        when: "forged (the signature does not match), unknown, cancelled, unpaid, or another schedule's ticket; `detail` says which",
      },
      { error: "already_checked_in", when: "the ticket was already used; `detail` is the first check-in time" },
    ],
  },
];

const BAD_LAYOUT =
  "Bad input (`detail` names the field, e.g. `body.schedules.0.sections.0.price: must be at least 1`): empty sections, " +
  "a price under 1, more than 2,000 seats per schedule, `reservationAt` after `concertAt`, an unknown field, " +
  "control characters; nothing is created.";

/** Concerts, schedules and seat layouts. */
export const adminConcertOperations: Operation[] = [
  {
    method: "get",
    path: "/api/admin/concerts",
    operationId: "listAdminConcerts",
    summary: "Concerts with their sale state, seats sold and revenue",
    description:
      "Newest first, a page at a time (`before` = the previous page's `nextBefore`). Seat counts cover every schedule; " +
      "`revenue` is the won of confirmed reservations.",
    tag: "Organizer",
    credentials: "admin",
    query: adminConcertListQuery,
    success: { status: 200, description: "A page of concerts", schema: adminConcertListSchema },
  },
  {
    method: "post",
    path: "/api/admin/concerts",
    operationId: "createConcert",
    summary: "Create a concert with its schedules and seat layouts",
    description:
      "Seats of each schedule are numbered 1..N through its sections in order, each at its section's price. " +
      "The concert sells through the general room until it gets a room of its own (`PUT .../room`). " +
      BAD_LAYOUT,
    tag: "Organizer",
    credentials: "admin",
    body: createConcertRequestSchema,
    success: { status: 201, description: "Created", schema: createdConcertSchema },
    errors: [{ error: "bad_request", when: "a schedule's `concertAt` is not in the future" }],
  },
  {
    method: "get",
    path: "/api/admin/concerts/{concertId}",
    operationId: "getAdminConcert",
    summary: "A concert: schedules, sections, seat counts by state, its room",
    tag: "Organizer",
    credentials: "admin",
    params: adminConcertParams,
    success: { status: 200, description: "The concert", schema: adminConcertSchema },
    errors: [{ error: "concert_not_found", when: "no such concert" }],
  },
  {
    method: "patch",
    path: "/api/admin/concerts/{concertId}",
    operationId: "patchConcert",
    summary: "Change a concert's name, artist, venue or description",
    tag: "Organizer",
    credentials: "admin",
    params: adminConcertParams,
    body: patchConcertRequestSchema,
    success: { status: 200, description: "The concert", schema: adminConcertSchema },
    errors: [{ error: "concert_not_found", when: "no such concert" }],
  },
  {
    method: "post",
    path: "/api/admin/concerts/{concertId}/schedules",
    operationId: "addSchedule",
    summary: "Add a schedule with its seat layout",
    description: BAD_LAYOUT,
    tag: "Organizer",
    credentials: "admin",
    params: adminConcertParams,
    body: scheduleInputSchema,
    success: { status: 201, description: "Created", schema: createdScheduleSchema },
    errors: [
      { error: "bad_request", when: "`concertAt` is not in the future" },
      { error: "concert_not_found", when: "no such concert" },
      { error: "bad_request", when: "the concert's room starts its sale before this `reservationAt`" },
    ],
  },
  {
    method: "put",
    path: "/api/admin/concerts/{concertId}/schedules/{scheduleId}/sections",
    operationId: "replaceSections",
    summary: "Replace a schedule's seat layout",
    description:
      "Deletes the schedule's seats and numbers new ones 1..N through the new sections. Refused once any of its seats " +
      "has been held or sold (a reservation, even a lapsed or cancelled one, keeps its seat). " +
      BAD_LAYOUT,
    tag: "Organizer",
    credentials: "admin",
    params: adminScheduleParams,
    body: replaceSectionsRequestSchema,
    success: { status: 200, description: "The schedule", schema: adminScheduleSchema },
    errors: [
      { error: "concert_not_found", when: "no such concert" },
      { error: "schedule_not_found", when: "no such schedule of this concert" },
      { error: "layout_locked", when: "a seat of the schedule has been held or sold (`detail` counts them)" },
    ],
  },
];

const STATS_DESCRIPTION =
  "For the live console: the room's line now, its admission rate (the one fans' wait estimates use) and the time " +
  "to empty the line at it, the seats, the revenue, and one sample a minute since `since`. `admitted` and `sold` in " +
  "samples are running totals: plot the difference between consecutive samples per minute between them. The server " +
  "keeps the samples (the admission tick writes them; this request writes the current minute's when no tick has).";

/** Live stats and the sales export. */
export const adminSaleOperations: Operation[] = [
  {
    method: "get",
    path: "/api/admin/concerts/{concertId}/room/stats",
    operationId: "getConcertRoomStats",
    summary: "Live stats of a concert's sale",
    description:
      STATS_DESCRIPTION +
      " A concert without a room of its own shows the general room's line and samples, and its own seats and revenue.",
    tag: "Organizer",
    credentials: "admin",
    params: adminConcertParams,
    query: roomStatsQuerySchema,
    success: { status: 200, description: "The stats", schema: roomStatsSchema },
    errors: [
      { error: "concert_not_found", when: "no such concert" },
      { error: "bad_request", when: "`since` is more than 7 days back" },
    ],
  },
  {
    method: "get",
    path: "/api/admin/room/stats",
    operationId: "getGeneralRoomStats",
    summary: "Live stats of the general room",
    description: STATS_DESCRIPTION + " Seats and revenue are those of every concert without a room of its own.",
    tag: "Organizer",
    credentials: "admin",
    query: roomStatsQuerySchema,
    success: { status: 200, description: "The stats", schema: roomStatsSchema },
    errors: [{ error: "bad_request", when: "`since` is more than 7 days back" }],
  },
  {
    method: "get",
    path: "/api/admin/concerts/{concertId}/sales.csv",
    operationId: "exportConcertSales",
    summary: "The concert's confirmed reservations as CSV",
    tag: "Organizer",
    credentials: "admin",
    params: adminConcertParams,
    success: {
      status: 200,
      description: "A CSV download",
      schema: salesCsvSchema,
      mediaType: "text/csv",
      headers: {
        "Content-Disposition": {
          description: '`attachment; filename="concert-{concertId}-sales-{yyyymmdd}.csv"`',
          schema: { type: "string" },
        },
      },
    },
    errors: [{ error: "concert_not_found", when: "no such concert" }],
  },
];

/** The audit log, users and roles. */
export const adminAccessOperations: Operation[] = [
  {
    method: "get",
    path: "/api/admin/audit",
    operationId: "listAudit",
    summary: "The audit log: every admin write, newest first",
    description: "A page at a time: pass the previous page's `nextBefore` as `before`.",
    tag: "Organizer",
    credentials: "admin",
    query: auditQuerySchema,
    success: { status: 200, description: "A page of entries", schema: auditPageSchema },
  },
  {
    method: "get",
    path: "/api/admin/users",
    operationId: "findUsers",
    summary: "Find users by email (exact or beginning, any case) or role",
    tag: "Organizer",
    credentials: "admin",
    query: userSearchQuerySchema,
    success: { status: 200, description: "Matching users", schema: adminUserListSchema },
  },
  {
    method: "put",
    path: "/api/admin/users/{userId}/role",
    operationId: "setUserRole",
    summary: "Grant or revoke the admin role",
    description:
      "In force from the user's next request. Setting the role a user already has changes nothing. " +
      "Accounts named in `ADMIN_EMAILS` become admins again at their next sign-in.",
    tag: "Organizer",
    credentials: "admin",
    params: adminUserParams,
    body: setRoleRequestSchema,
    success: { status: 200, description: "The user", schema: adminUserSchema },
    errors: [
      {
        error: "forbidden",
        detail: "admins only",
        when: "the caller lost the admin role while the request waited for a concurrent role change",
      },
      { error: "user_not_found", when: "no such user" },
      { error: "last_admin", when: "revoking the last admin" },
    ],
  },
];
