import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";
import { checkInTicket } from "@/lib/tickets/check-in-ticket";
import { checkInRequestSchema } from "@/lib/tickets/ticket-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    ...adminGate,
    body: checkInRequestSchema,
    handler: async ({ auth, body, now }) => ({
      body: await checkInTicket({ code: body.code, scheduleId: body.scheduleId, actorId: auth.userId, now }),
    }),
  }),
});
