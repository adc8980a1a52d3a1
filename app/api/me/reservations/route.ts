import { requireIdentity } from "@/lib/auth/resolve-identity";
import { listMyReservations } from "@/lib/booking/list-my-reservations";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: requireIdentity,
    handler: async ({ auth, now }) => ({ body: await listMyReservations(auth.userId, now) }),
  }),
});
