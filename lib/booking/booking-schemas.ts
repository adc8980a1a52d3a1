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

export const payReservationRequestSchema = z.strictObject({ reservationId: idField }).meta({ id: "PaymentRequest" });

export const paymentSchema = z
  .object({
    paymentId: z.number().int(),
    reservationId: z.number().int(),
    amount: z.number().int().meta({ description: "Won charged" }),
    paymentStatus: z.literal("COMPLETED"),
    balanceAfter: z.number().int().meta({ description: "Wallet balance after the payment, won" }),
  })
  .meta({ id: "Payment" });

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
  })
  .meta({ id: "MyReservation" });

export const myReservationListSchema = z
  .object({ reservations: z.array(myReservationSchema).meta({ description: "Newest first" }) })
  .meta({ id: "MyReservationList" });

export type ReserveSeatInput = z.infer<typeof reserveSeatRequestSchema>;
export type ReservationResponse = z.infer<typeof reservationSchema>;
export type PaymentResponse = z.infer<typeof paymentSchema>;
export type MyReservation = z.infer<typeof myReservationSchema>;
