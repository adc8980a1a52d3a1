import { assertTokenActive, authenticateBooking, authorizeBooking } from "@/lib/booking/booking-credentials";
import { payReservationRequestSchema, paymentParams } from "@/lib/booking/booking-schemas";
import { payReservation } from "@/lib/booking/pay-reservation";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    authenticate: authenticateBooking(payReservationRequestSchema),
    params: paymentParams,
    body: payReservationRequestSchema,
    authorize: ({ auth, params }) => authorizeBooking(auth, params.userId),
    idempotencyUser: ({ auth }) => auth.identity.userId,
    handler: async ({ auth, params, body, now }) => {
      const token = assertTokenActive(auth);
      return {
        body: await payReservation({ userId: params.userId, reservationId: body.reservationId, token, now }),
      };
    },
  }),
});
