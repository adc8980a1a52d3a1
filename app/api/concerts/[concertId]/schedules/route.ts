import { concertScheduleParams } from "@/lib/catalogue/catalogue-schemas";
import { listSchedules } from "@/lib/catalogue/list-schedules";
import { methods, route } from "@/lib/http/with-route";
import { assertActiveQueueToken, authenticateQueueToken } from "@/lib/queue/require-queue-token";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    // 401s first; a waiting (403) or unknown (404) token only after the ids are validated.
    authenticate: authenticateQueueToken,
    params: concertScheduleParams,
    authorize: ({ auth }) => {
      assertActiveQueueToken(auth);
    },
    handler: async ({ auth, params, now }) => ({
      body: await listSchedules(params.concertId, assertActiveQueueToken(auth), now),
    }),
  }),
});
