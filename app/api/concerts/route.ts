import { listConcerts } from "@/lib/catalogue/list-concerts";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ handler: async ({ now }) => ({ body: await listConcerts(now) }) }),
});
