import { concertScheduleParams } from "@/lib/catalogue/catalogue-schemas";
import { listSchedules } from "@/lib/catalogue/list-schedules";
import { methods, route } from "@/lib/http/with-route";
import { requireActiveQueueToken } from "@/lib/queue/require-queue-token";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: requireActiveQueueToken,
    params: concertScheduleParams,
    handler: async ({ params, now }) => ({ body: await listSchedules(params.concertId, now) }),
  }),
});
