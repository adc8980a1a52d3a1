import { z } from "zod";
import { idParam, isoDate } from "../http/schemas";

export const concertScheduleParams = z.strictObject({ concertId: idParam });
export const scheduleSeatsParams = z.strictObject({ concertId: idParam, scheduleId: idParam });

const scheduleSchema = z
  .object({
    scheduleId: z.number().int(),
    concertAt: isoDate,
    reservationAt: isoDate.meta({ description: "When booking opens" }),
    availableSeats: z.number().int().min(0).meta({ description: "Seats neither sold nor held right now" }),
  })
  .meta({ id: "Schedule" });

export const concertSchedulesSchema = z
  .object({
    concertId: z.number().int(),
    concertName: z.string(),
    schedules: z.array(scheduleSchema).meta({ description: "Schedules still ahead, soonest first" }),
  })
  .meta({ id: "ConcertSchedules" });

const seatStatusSchema = z.enum(["AVAILABLE", "UNAVAILABLE"]).meta({ id: "SeatStatus" });

export const seatStateSchema = z.enum(["AVAILABLE", "HELD", "SOLD"]).meta({ id: "SeatState" });

const seatSchema = z
  .object({
    seatId: z.number().int(),
    seatNumber: z.number().int(),
    seatStatus: seatStatusSchema.meta({ description: "UNAVAILABLE while sold or held; a lapsed hold reads AVAILABLE" }),
    seatState: seatStateSchema.meta({
      description:
        "HELD while someone's unpaid hold runs (it may come free again), SOLD once paid; a lapsed hold reads AVAILABLE. When a hold ends is never given.",
    }),
    seatPrice: z.number().int().meta({ description: "Won" }),
  })
  .meta({ id: "Seat" });

export const seatMapSchema = z
  .object({
    concertId: z.number().int(),
    scheduleId: z.number().int(),
    concertAt: isoDate,
    seats: z.array(seatSchema).meta({ description: "Ordered by seatNumber" }),
  })
  .meta({ id: "SeatMap" });

export type ConcertSchedules = z.infer<typeof concertSchedulesSchema>;
export type SeatMap = z.infer<typeof seatMapSchema>;

export const concertSummarySchema = z
  .object({
    concertId: z.number().int(),
    name: z.string(),
    artist: z.string(),
    venue: z.string(),
    description: z.string(),
    nextSchedule: z
      .object({ scheduleId: z.number().int(), concertAt: isoDate, reservationAt: isoDate })
      .nullable()
      .meta({ description: "The earliest schedule still ahead, or null" }),
  })
  .meta({ id: "ConcertSummary" });

export const concertListSchema = z.object({ concerts: z.array(concertSummarySchema) }).meta({ id: "ConcertList" });

export type ConcertSummary = z.infer<typeof concertSummarySchema>;

// ---- pages (not part of the API): what a fan sees before joining the line ----------------------------------

/** Where a concert's sale stands, in ONSALE.md's words (its rooms add PREQUEUE and PAUSED). */
export type SaleState = "ON_SALE" | "UPCOMING" | "SOLD_OUT" | "CLOSED";

export type ConcertCardData = {
  concertId: number;
  name: string;
  artist: string;
  venue: string;
  posterPath: string | null;
  nextConcertAt: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  saleState: SaleState;
  /** When booking opens, for an UPCOMING sale. */
  opensAt: string | null;
};

export type SeatGrade = { name: string; price: number; seats: number };

export type ConcertDetails = ConcertCardData & {
  description: string;
  runningTimeMinutes: number | null;
  ageRating: number | null;
  schedules: {
    scheduleId: number;
    concertAt: string;
    reservationAt: string;
    /** Booking has opened (reservationAt has passed) when the page was read. */
    bookingOpen: boolean;
    availableSeats: number;
    seats: number;
  }[];
  grades: SeatGrade[];
  /** The venue's seat chart (the first upcoming show's layout): seat numbers with their grade. */
  chart: { seatNumber: number; grade: string }[];
};
