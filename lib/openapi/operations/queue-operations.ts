import {
  concertRoomParams,
  issueQueueTokenRequestSchema,
  publicDrawSchema,
  publicRoomSchema,
  queueStatusSchema,
  queueTokenQuerySchema,
  queueTokenSchema,
  queueUserParams,
} from "../../queue/queue-schemas";
import type { Operation } from "../operation";

export const queueOperations: Operation[] = [
  {
    method: "post",
    path: "/api/queue/token/users/{userId}",
    operationId: "issueQueueToken",
    summary: "Join the waiting room (endpoint 1)",
    description:
      "Issues the caller's queue token for a waiting room, or returns the live one there (same string, same place in line). " +
      "Without a body (or with `{}`, or anything without a valid `concertId`) this is the general room, as in the original specification; " +
      "with `{concertId}` it is that concert's room (its dedicated room, or the general room when it has none). " +
      "Send the token as `Authorization: Bearer <token>` to the catalogue and booking endpoints of that room's concerts once it is ACTIVE. " +
      "Joining during a dedicated room's PREQUEUE makes the fan an entrant of the draw at `salesStartAt`: arriving earlier gives no advantage.",
    tag: "Queue",
    credentials: "identity",
    params: queueUserParams,
    body: issueQueueTokenRequestSchema,
    lenientBody: true,
    success: { status: 200, description: "The caller's live queue token", schema: queueTokenSchema },
    errors: [
      { error: "forbidden", when: "`userId` is not the caller" },
      { error: "user_not_found", when: "the caller's account no longer exists" },
      { error: "concert_not_found", when: "`concertId` names no concert" },
      { error: "room_not_open", when: "the room's pre-queue has not opened yet (`detail`: the opening time)" },
      { error: "sold_out", when: "every seat of the concert's future schedules is sold" },
      { error: "sale_closed", when: "the organizer closed the sale" },
      {
        error: "rate_limited",
        when: "more than 30 joins by one user in a minute; `Retry-After` says when to retry",
      },
      {
        error: "service_unavailable",
        detail: "the queue is busy, try again",
        when: "too many fans joined at the same instant; retry",
      },
    ],
  },
  {
    method: "get",
    path: "/api/queue/token/users/{userId}",
    operationId: "getQueueToken",
    summary: "Read my queue token (endpoint 2)",
    description: "The caller's live token in the general room, or with `?concertId=` in that concert's room.",
    tag: "Queue",
    credentials: "identity",
    params: queueUserParams,
    query: queueTokenQuerySchema,
    success: { status: 200, description: "The caller's live queue token", schema: queueTokenSchema },
    errors: [
      { error: "forbidden", when: "`userId` is not the caller" },
      {
        error: "token_not_found",
        detail: "no live queue token; issue one",
        when: "the user has no live (WAIT or ACTIVE) token in that room",
      },
      { error: "user_not_found", when: "the caller's account no longer exists" },
      { error: "concert_not_found", when: "`concertId` names no concert" },
    ],
  },
  {
    method: "get",
    path: "/api/queue/status",
    operationId: "getQueueStatus",
    summary: "Poll my place in line (endpoint 3)",
    description:
      "The token's status and position. Poll no sooner than `Retry-After` seconds; a WAIT token that is not polled for " +
      "QUEUE_IDLE_TIMEOUT_SECONDS expires. An expired token answers 200 with status EXPIRED.",
    tag: "Queue",
    credentials: "queueToken",
    success: {
      status: 200,
      description: "The token's place in line",
      schema: queueStatusSchema,
      headers: {
        "Retry-After": {
          description: "Seconds until the next poll is useful",
          schema: { type: "integer", minimum: 0 },
        },
      },
    },
    errors: [
      { error: "invalid_token", when: "no `Authorization` header, or a malformed token" },
      { error: "token_not_found", when: "a well-formed token that was never issued (or is forged)" },
    ],
  },
  {
    method: "get",
    path: "/api/concerts/{concertId}/room",
    operationId: "getConcertRoom",
    summary: "A concert's waiting room",
    description:
      "Public. The sale's state and times, the line, the cheapest seat and the draw's commitment (and, after the draw, its seed). " +
      "For a concert without a dedicated room: the general room's `saleState` and nulls.",
    tag: "Queue",
    credentials: "none",
    params: concertRoomParams,
    success: { status: 200, description: "The room", schema: publicRoomSchema },
    errors: [{ error: "concert_not_found", when: "no such concert" }],
  },
  {
    method: "get",
    path: "/api/concerts/{concertId}/room/draw",
    operationId: "getConcertDraw",
    summary: "The pre-queue draw, for anyone to check",
    description:
      "Public. After the draw: the seed (check `sha256(seed) = drawCommitment`), `entrantsHash` (sha256 of the entrants' token ids " +
      'ascending, joined by `,`) and the entrants in drawn order, ascending by `HMAC-SHA256(seed, entrantsHash + ":" + tokenId)`. ' +
      "`npm run verify-draw` checks a document.",
    tag: "Queue",
    credentials: "none",
    params: concertRoomParams,
    success: { status: 200, description: "The draw", schema: publicDrawSchema },
    errors: [
      { error: "concert_not_found", when: "no such concert" },
      { error: "draw_not_done", when: "the concert has no pre-queue, or its draw has not run yet" },
    ],
  },
];
