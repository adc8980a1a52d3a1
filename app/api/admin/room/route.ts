import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";
import { getGeneralRoom, patchGeneralRoom } from "@/lib/rooms/general-room";
import { patchGeneralRoomRequestSchema } from "@/lib/rooms/room-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ ...adminGate, handler: async ({ now }) => ({ body: await getGeneralRoom(now) }) }),
  PATCH: route({
    ...adminGate,
    body: patchGeneralRoomRequestSchema,
    handler: async ({ auth, body, now }) => ({
      body: await patchGeneralRoom({ changes: body, actorId: auth.userId, now }),
    }),
  }),
});
