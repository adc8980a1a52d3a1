import { scheduleSeatsParams } from "@/lib/catalogue/catalogue-schemas";
import { getSeatMap } from "@/lib/catalogue/get-seat-map";
import { methods, route } from "@/lib/http/with-route";
import { assertActiveQueueToken, authenticateQueueToken } from "@/lib/queue/require-queue-token";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    // 401s first; a waiting (403) or unknown (404) token only after the ids are validated.
    authenticate: authenticateQueueToken,
    params: scheduleSeatsParams,
    authorize: ({ auth }) => {
      assertActiveQueueToken(auth);
    },
    handler: async ({ auth, params, now }) => ({
      body: await getSeatMap(params.concertId, params.scheduleId, assertActiveQueueToken(auth), now),
    }),
  }),
});
