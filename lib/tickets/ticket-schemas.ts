import { z } from "zod";
import { idField, isoDate, lineText } from "../http/schemas";

export const checkInRequestSchema = z
  .strictObject({
    code: lineText().min(1, "must not be empty").max(200, "must be at most 200 characters").meta({
      description: "What the door scanned or typed: a ticket's `ticketCode` (its QR payload) or its `bookingNumber`",
      example: "7KXQ4MNP",
    }),
    scheduleId: idField.meta({ description: "The show being admitted; another show's ticket is refused" }),
  })
  .meta({ id: "CheckInRequest" });

export const checkInSchema = z
  .object({
    reservationId: z.number().int(),
    checkedInAt: isoDate,
    seatNumber: z.number().int(),
    sectionName: z.string().nullable().meta({ description: "The seat's grade, to show the attendant" }),
  })
  .meta({ id: "CheckIn" });

export type CheckInRequest = z.infer<typeof checkInRequestSchema>;
export type CheckInResponse = z.infer<typeof checkInSchema>;

/** A show on the check-in page's picker (not an API shape: the page reads it on the server). */
export type CheckInSchedule = {
  scheduleId: number;
  concertName: string;
  venue: string;
  concertAt: string;
  sold: number;
  checkedIn: number;
};
