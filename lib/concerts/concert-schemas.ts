import { z } from "zod";
import { isoDate } from "../http/schemas";

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
