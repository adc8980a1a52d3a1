import { addSchedule } from "@/lib/admin/add-schedule";
import { adminConcertParams, scheduleInputSchema } from "@/lib/admin/admin-schemas";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    ...adminGate,
    params: adminConcertParams,
    body: scheduleInputSchema,
    handler: async ({ auth, params, body, now }) => ({
      status: 201,
      body: await addSchedule({ concertId: params.concertId, schedule: body, actorId: auth.userId, now }),
    }),
  }),
});
