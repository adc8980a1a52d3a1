import { requireIdentity } from "@/lib/auth/resolve-identity";
import { reservationParams } from "@/lib/booking/booking-schemas";
import { releaseHold } from "@/lib/booking/release-hold";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: route({
    authenticate: requireIdentity,
    params: reservationParams,
    handler: async ({ auth, params, now }) => ({
      body: await releaseHold({ userId: auth.userId, reservationId: params.reservationId, now }),
    }),
  }),
});
