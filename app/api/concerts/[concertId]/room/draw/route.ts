import { methods, route } from "@/lib/http/with-route";
import { getPublicDraw } from "@/lib/queue/get-public-draw";
import { concertRoomParams } from "@/lib/queue/queue-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    params: concertRoomParams,
    handler: async ({ params }) => ({ body: await getPublicDraw(params.concertId) }),
  }),
});
