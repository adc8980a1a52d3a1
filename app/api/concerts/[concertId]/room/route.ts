import { methods, route } from "@/lib/http/with-route";
import { getPublicRoom } from "@/lib/queue/get-public-room";
import { concertRoomParams } from "@/lib/queue/queue-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    params: concertRoomParams,
    handler: async ({ params, now }) => ({ body: await getPublicRoom(params.concertId, now) }),
  }),
});
