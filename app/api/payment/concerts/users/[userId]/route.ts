import {
  assertTokenActive,
  authenticateBooking,
  authorizeBooking,
  bookingIdempotencyUser,
} from "@/lib/booking/booking-credentials";
import { payReservationRequestSchema, paymentParams } from "@/lib/booking/booking-schemas";
import { payReservation } from "@/lib/booking/pay-reservation";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    authenticate: authenticateBooking(payReservationRequestSchema),
    params: paymentParams,
    body: payReservationRequestSchema,
    authorize: ({ auth, params }) => authorizeBooking(auth, params.userId),
    idempotencyUser: bookingIdempotencyUser,
    handler: async ({ auth, params, body, now }) => {
      assertTokenActive(auth);
      return { body: await payReservation({ userId: params.userId, reservationId: body.reservationId, now }) };
    },
  }),
});
