import { adminConcertParams, roomStatsQuerySchema } from "@/lib/admin/admin-schemas";
import { getRoomStats } from "@/lib/admin/get-room-stats";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    params: adminConcertParams,
    query: roomStatsQuerySchema,
    handler: async ({ params, query, now }) => ({
      body: await getRoomStats({ concertId: params.concertId, since: query.since, now }),
    }),
  }),
});
