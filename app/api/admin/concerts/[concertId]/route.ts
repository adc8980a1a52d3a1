import { adminConcertParams, patchConcertRequestSchema } from "@/lib/admin/admin-schemas";
import { getAdminConcert } from "@/lib/admin/get-admin-concert";
import { updateConcert } from "@/lib/admin/update-concert";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    params: adminConcertParams,
    handler: async ({ params, now }) => ({ body: await getAdminConcert(params.concertId, now) }),
  }),
  PATCH: route({
    ...adminGate,
    params: adminConcertParams,
    body: patchConcertRequestSchema,
    handler: async ({ auth, params, body, now }) => ({
      body: await updateConcert({ concertId: params.concertId, changes: body, actorId: auth.userId, now }),
    }),
  }),
});
