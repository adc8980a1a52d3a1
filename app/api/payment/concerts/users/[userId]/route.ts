import {
  assertTokenActive,
  authenticateBooking,
  authorizeBooking,
  bookingIdempotencyUser,
} from "@/lib/booking/booking-credentials";
import { payReservationRequestSchema, paymentParams } from "@/lib/booking/booking-schemas";
import { payReservation, payReservations } from "@/lib/booking/pay-reservation";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    authenticate: authenticateBooking(payReservationRequestSchema),
    params: paymentParams,
    body: payReservationRequestSchema,
    authorize: ({ auth, params }) => authorizeBooking(auth, params.userId),
    idempotencyUser: bookingIdempotencyUser,
    handler: async ({ auth, params, body, now }) => {
      const token = assertTokenActive(auth);
      const { userId } = params;
      return {
        body:
          "reservationIds" in body
            ? await payReservations({ userId, reservationIds: body.reservationIds, token, now })
            : await payReservation({ userId, reservationId: body.reservationId, token, now }),
      };
    },
  }),
});
