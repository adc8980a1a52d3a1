import { z } from "zod";
import { idField, idParam, isoDate } from "../http/schemas";

export const reserveSeatRequestSchema = z
  .strictObject({ userId: idField, concertId: idField, scheduleId: idField, seatId: idField })
  .meta({ id: "ReserveSeatRequest" });

const reservationStatusSchema = z
  .enum(["PAYMENT_PENDING", "CONFIRMED", "EXPIRED", "CANCELLED"])
  .meta({ id: "ReservationStatus", description: "An unpaid hold past its expiresAt reads EXPIRED" });

export const reservationSchema = z
  .object({
    reservationId: z.number().int(),
    concertId: z.number().int(),
    concertName: z.string(),
    concertAt: isoDate,
    scheduleId: z.number().int(),
    seatId: z.number().int(),
    seatNumber: z.number().int(),
    seatPrice: z.number().int().meta({ description: "Won" }),
    seatprice: z
      .number()
      .int()
      .meta({ description: "Same as seatPrice: the original specification's spelling", deprecated: true }),
    reservationStatus: z.literal("PAYMENT_PENDING"),
    expiresAt: isoDate.meta({ description: "The hold lapses at this time unless paid" }),
  })
  .meta({ id: "Reservation" });

export const paymentParams = z.strictObject({ userId: idParam });

/** Far above any hold limit; the use case refuses more ids than MAX_HOLDS_PER_USER. */
const MAX_IDS_PER_PAYMENT = 100;

const payOneRequestSchema = z.strictObject({ reservationId: idField }).meta({
  id: "PaymentRequest",
  description: "Pay one reservation (the original request)",
});

const payManyRequestSchema = z
  .strictObject({
    reservationIds: z
      .array(idField)
      .min(1, "must name at least one reservation")
      .max(MAX_IDS_PER_PAYMENT, `must name at most ${MAX_IDS_PER_PAYMENT} reservations`)
      .refine((ids) => new Set(ids).size === ids.length, "must not name a reservation twice")
      .meta({
        description:
          "The caller's own unpaid holds, all of one concert's waiting room, at most MAX_HOLDS_PER_USER (default 4), each once",
      }),
  })
  .meta({ id: "MultiPaymentRequest", description: "Pay several reservations with one debit of their sum" });

export const payReservationRequestSchema = z.union([payOneRequestSchema, payManyRequestSchema], {
  error: "expected {reservationId} or {reservationIds: [...]}",
});

export const paymentSchema = z
  .object({
    paymentId: z.number().int(),
    reservationId: z.number().int(),
    amount: z.number().int().meta({ description: "Won charged" }),
    paymentStatus: z.literal("COMPLETED"),
    balanceAfter: z.number().int().meta({ description: "Wallet balance after the payment, won" }),
  })
  .meta({ id: "Payment" });

export const multiPaymentSchema = z
  .object({
    paymentId: z.number().int(),
    reservationIds: z.array(z.number().int()).meta({ description: "The paid reservations, in the request's order" }),
    amount: z.number().int().meta({ description: "Won charged: the sum of the seats' prices" }),
    paymentStatus: z.literal("COMPLETED"),
    balanceAfter: z.number().int().meta({ description: "Wallet balance after the payment, won" }),
  })
  .meta({ id: "MultiPayment" });

export const reservationParams = z.strictObject({ reservationId: idParam });

export const releaseSchema = z
  .object({
    reservationId: z.number().int(),
    reservationStatus: z.enum(["CANCELLED", "EXPIRED"]).meta({
      description: "CANCELLED: released now (or before); EXPIRED: the hold had already lapsed by itself",
    }),
  })
  .meta({ id: "ReleasedHold" });

export const cancellationSchema = z
  .object({
    reservationId: z.number().int(),
    reservationStatus: z.literal("CANCELLED"),
    refundedAmount: z.number().int().meta({ description: "Won given back to the wallet (the ticket's price)" }),
    balanceAfter: z.number().int().meta({ description: "Wallet balance right after the refund, won" }),
  })
  .meta({ id: "Cancellation" });

export const myReservationSchema = z
  .object({
    reservationId: z.number().int(),
    concertId: z.number().int(),
    concertName: z.string(),
    scheduleId: z.number().int(),
    concertAt: isoDate,
    seatId: z.number().int(),
    seatNumber: z.number().int(),
    price: z.number().int().meta({ description: "Won" }),
    status: reservationStatusSchema,
    expiresAt: isoDate.meta({ description: "When an unpaid hold lapses" }),
    createdAt: isoDate,
    confirmedAt: isoDate.nullable(),
    artist: z.string(),
    venue: z.string(),
    sectionName: z
      .string()
      .nullable()
      .meta({ description: "The seat's grade (VIP, R, S, ...); null for seats without one" }),
    bookingNumber: z.string().nullable().meta({
      description:
        "Eight characters a person can read aloud (no 0/O, 1/I), for a confirmed or refunded ticket; null otherwise",
      example: "7KXQ4MNP",
    }),
    ticketCode: z.string().nullable().meta({
      description: "The QR code's payload, signed by the server: present only while the ticket is CONFIRMED",
    }),
    paymentId: z.number().int().nullable(),
    refundDeadline: isoDate.meta({
      description:
        "A confirmed ticket can be cancelled and refunded until this time (REFUND_CUTOFF_HOURS before the show)",
    }),
    cancelledAt: isoDate.nullable(),
    refundedAmount: z.number().int().nullable().meta({ description: "Won refunded when a paid ticket was cancelled" }),
    checkedInAt: isoDate.nullable().meta({ description: "When the ticket was let in at the door" }),
  })
  .meta({ id: "MyReservation" });

export const myReservationListSchema = z
  .object({ reservations: z.array(myReservationSchema).meta({ description: "Newest first" }) })
  .meta({ id: "MyReservationList" });

export type ReserveSeatInput = z.infer<typeof reserveSeatRequestSchema>;
export type ReservationResponse = z.infer<typeof reservationSchema>;
export type PaymentResponse = z.infer<typeof paymentSchema>;
export type PayReservationRequest = z.infer<typeof payReservationRequestSchema>;
export type MultiPaymentResponse = z.infer<typeof multiPaymentSchema>;
export type ReleaseResponse = z.infer<typeof releaseSchema>;
export type CancellationResponse = z.infer<typeof cancellationSchema>;
export type MyReservation = z.infer<typeof myReservationSchema>;
