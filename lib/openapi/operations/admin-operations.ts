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
