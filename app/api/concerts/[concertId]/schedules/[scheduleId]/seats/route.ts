import { scheduleSeatsParams } from "@/lib/catalogue/catalogue-schemas";
import { getSeatMap } from "@/lib/catalogue/get-seat-map";
import { conditionalJson } from "@/lib/http/conditional-json";
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
    // Polled every few seconds by every admitted fan: If-None-Match answers 304 when nothing changed.
    handler: async ({ req, auth, params, now }) =>
      conditionalJson(req, await getSeatMap(params.concertId, params.scheduleId, assertActiveQueueToken(auth), now)),
  }),
});
