import { assertSelf, requireIdentity, type Identity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";
import { getQueueToken } from "@/lib/queue/get-queue-token";
import { issueQueueToken } from "@/lib/queue/issue-queue-token";
import { issueQueueTokenRequestSchema, queueTokenQuerySchema, queueUserParams } from "@/lib/queue/queue-schemas";
import { limitQueueJoins } from "@/lib/rate-limit/limits";

// Identity (401), then the path id (400), then it must be the caller's own (403), then the use case (404).
const ownUser = {
  authenticate: requireIdentity,
  params: queueUserParams,
  authorize: ({ auth, params }: { auth: Identity; params: { userId: number } }) => assertSelf(auth, params.userId),
};

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    ...ownUser,
    body: issueQueueTokenRequestSchema,
    lenientBody: true,
    handler: async ({ params, body, now }) => {
      await limitQueueJoins(params.userId); // 429 past RATE_LIMIT_QUEUE_JOINS_PER_MINUTE
      return { body: await issueQueueToken(params.userId, body?.concertId ?? null, now) };
    },
  }),
  GET: route({
    ...ownUser,
    query: queueTokenQuerySchema,
    handler: async ({ params, query, now }) => ({
      body: await getQueueToken(params.userId, query.concertId ?? null, now),
    }),
  }),
});
