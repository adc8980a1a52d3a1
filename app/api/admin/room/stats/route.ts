import { roomStatsQuerySchema } from "@/lib/admin/admin-schemas";
import { getRoomStats } from "@/lib/admin/get-room-stats";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    query: roomStatsQuerySchema,
    handler: async ({ query, now }) => ({ body: await getRoomStats({ concertId: null, since: query.since, now }) }),
  }),
});
