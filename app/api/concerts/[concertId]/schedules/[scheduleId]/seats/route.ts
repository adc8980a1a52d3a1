import { scheduleSeatsParams } from "@/lib/catalogue/catalogue-schemas";
import { getSeatMap } from "@/lib/catalogue/get-seat-map";
import { methods, route } from "@/lib/http/with-route";
import { requireActiveQueueToken } from "@/lib/queue/require-queue-token";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: requireActiveQueueToken,
    params: scheduleSeatsParams,
    handler: async ({ params, now }) => ({ body: await getSeatMap(params.concertId, params.scheduleId, now) }),
  }),
});
