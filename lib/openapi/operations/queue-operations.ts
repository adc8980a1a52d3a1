import { queueStatusSchema, queueTokenSchema, queueUserParams } from "../../queue/queue-schemas";
import type { Operation } from "../operation";

export const queueOperations: Operation[] = [
  {
    method: "post",
    path: "/api/queue/token/users/{userId}",
    operationId: "issueQueueToken",
    summary: "Join the waiting room (endpoint 1)",
    description:
      "Issues the caller's queue token, or returns the live one (same string, same place in line) when they already have one. " +
      "Send it as `Authorization: Bearer <token>` to the catalogue and booking endpoints once it is ACTIVE.",
    tag: "Queue",
    credentials: "identity",
    params: queueUserParams,
    success: { status: 200, description: "The caller's live queue token", schema: queueTokenSchema },
    errors: [
      { error: "forbidden", when: "`userId` is not the caller" },
      { error: "user_not_found", when: "the caller's account no longer exists" },
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
    tag: "Queue",
    credentials: "identity",
    params: queueUserParams,
    success: { status: 200, description: "The caller's live queue token", schema: queueTokenSchema },
    errors: [
      { error: "forbidden", when: "`userId` is not the caller" },
      {
        error: "token_not_found",
        detail: "no live queue token; issue one",
        when: "the user has no live (WAIT or ACTIVE) token",
      },
      { error: "user_not_found", when: "the caller's account no longer exists" },
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
];
