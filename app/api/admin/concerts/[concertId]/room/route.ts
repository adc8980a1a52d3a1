import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";
import { concertRoomParams } from "@/lib/queue/queue-schemas";
import { deleteRoom } from "@/lib/rooms/delete-room";
import { patchRoom } from "@/lib/rooms/patch-room";
import { putRoom } from "@/lib/rooms/put-room";
import { patchRoomRequestSchema, putRoomRequestSchema } from "@/lib/rooms/room-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PUT: route({
    ...adminGate,
    params: concertRoomParams,
    body: putRoomRequestSchema,
    handler: async ({ auth, params, body, now }) => ({
      body: await putRoom({ concertId: params.concertId, settings: body, actorId: auth.userId, now }),
    }),
  }),
  PATCH: route({
    ...adminGate,
    params: concertRoomParams,
    body: patchRoomRequestSchema,
    handler: async ({ auth, params, body, now }) => ({
      body: await patchRoom({ concertId: params.concertId, changes: body, actorId: auth.userId, now }),
    }),
  }),
  DELETE: route({
    ...adminGate,
    params: concertRoomParams,
    handler: async ({ auth, params, now }) => {
      await deleteRoom({ concertId: params.concertId, actorId: auth.userId, now });
      return new Response(null, { status: 204 });
    },
  }),
});
