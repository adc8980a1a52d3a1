import { methods, route } from "@/lib/http/with-route";
import { readQueueStatus } from "@/lib/queue/read-queue-status";
import { queueTokenIdFrom } from "@/lib/queue/require-queue-token";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: async (req) => queueTokenIdFrom(req),
    handler: async ({ auth: tokenId, now }) => {
      const { body, retryAfter } = await readQueueStatus(tokenId, now);
      return { body, headers: { "Retry-After": String(retryAfter) } };
    },
  }),
});
