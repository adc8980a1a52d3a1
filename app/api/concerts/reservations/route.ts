import {
  assertTokenActive,
  authenticateBooking,
  authorizeBooking,
  bookingIdempotencyUser,
} from "@/lib/booking/booking-credentials";
import { reserveSeatRequestSchema } from "@/lib/booking/booking-schemas";
import { reserveSeat } from "@/lib/booking/reserve-seat";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    authenticate: authenticateBooking(reserveSeatRequestSchema),
    body: reserveSeatRequestSchema,
    authorize: ({ auth, body }) => authorizeBooking(auth, body.userId),
    idempotencyUser: bookingIdempotencyUser,
    handler: async ({ auth, body, now }) => {
      const token = assertTokenActive(auth);
      return { body: await reserveSeat({ ...body, token, now }) };
    },
  }),
});
