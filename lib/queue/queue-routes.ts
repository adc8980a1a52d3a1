import "server-only";
import { assertSelf, requireIdentity, type Identity } from "../auth/resolve-identity";
import { route } from "../http/with-route";
import { limitQueueJoins } from "../rate-limit/limits";
import { getQueueToken } from "./get-queue-token";
import { issueQueueToken } from "./issue-queue-token";
import { readQueueStatus } from "./read-queue-status";
import { queueTokenIdFrom } from "./require-queue-token";
import { issueQueueTokenRequestSchema, queueTokenQuerySchema, queueUserParams } from "./queue-schemas";

// Endpoints 1-3 as route handlers (Web Request in, Response out), served by both adapters: Next's route files
// (app/api/queue/...) and the lean node:http adapter in front of Next (lib/server/lean-queue-adapter.ts), so
// identity, limits, Origin checks, validation order and the error envelope are one code path.
// docs/decisions/0015-lean-queue-adapter.md.

// Identity (401), then the path id (400), then it must be the caller's own (403), then the use case (404).
const ownUser = {
  authenticate: requireIdentity,
  params: queueUserParams,
  authorize: ({ auth, params }: { auth: Identity; params: { userId: number } }) => assertSelf(auth, params.userId),
};

/** Endpoint 1: POST /api/queue/token/users/{userId}, optional body {concertId}. */
export const issueQueueTokenRoute = route({
  ...ownUser,
  body: issueQueueTokenRequestSchema,
  lenientBody: true,
  handler: async ({ params, body, now }) => {
    await limitQueueJoins(params.userId); // 429 past RATE_LIMIT_QUEUE_JOINS_PER_MINUTE
    return { body: await issueQueueToken(params.userId, body?.concertId ?? null, now) };
  },
});

/** Endpoint 2: GET /api/queue/token/users/{userId}?concertId= */
export const getQueueTokenRoute = route({
  ...ownUser,
  query: queueTokenQuerySchema,
  handler: async ({ params, query, now }) => ({
    body: await getQueueToken(params.userId, query.concertId ?? null, now),
  }),
});

/** Endpoint 3: GET /api/queue/status with the queue token in Authorization. */
export const queueStatusRoute = route({
  authenticate: async (req) => queueTokenIdFrom(req),
  handler: async ({ auth: tokenId, now }) => {
    const { body, retryAfter } = await readQueueStatus(tokenId, now);
    return { body, headers: { "Retry-After": String(retryAfter) } };
  },
});
