import { requireIdentity } from "@/lib/auth/resolve-identity";
import { reservationParams } from "@/lib/booking/booking-schemas";
import { cancelTicket } from "@/lib/booking/cancel-ticket";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    authenticate: requireIdentity,
    params: reservationParams,
    handler: async ({ auth, params, now }) => ({
      body: await cancelTicket({ userId: auth.userId, reservationId: params.reservationId, now }),
    }),
  }),
});
