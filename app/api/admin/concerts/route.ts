import { adminConcertListQuery, createConcertRequestSchema } from "@/lib/admin/admin-schemas";
import { createConcert } from "@/lib/admin/create-concert";
import { listAdminConcerts } from "@/lib/admin/list-admin-concerts";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    query: adminConcertListQuery,
    handler: async ({ query, now }) => ({ body: await listAdminConcerts(query, now) }),
  }),
  POST: route({
    ...adminGate,
    body: createConcertRequestSchema,
    handler: async ({ auth, body, now }) => ({
      status: 201,
      body: await createConcert({ concert: body, actorId: auth.userId, now }),
    }),
  }),
});
