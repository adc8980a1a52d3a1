import "server-only";
import { cache } from "react";
import { listConcerts } from "./list-concerts";
import type { ConcertSummary } from "./catalogue-schemas";

// The public catalogue is a handful of rows, so concert pages reuse the list use case rather than a second
// query; cache() shares one lookup between a page and its metadata within a request.
export const findConcert = cache(async (rawId: string): Promise<ConcertSummary | undefined> => {
  if (!/^[1-9][0-9]{0,9}$/.test(rawId)) return undefined;
  const { concerts } = await listConcerts(new Date());
  return concerts.find((c) => c.concertId === Number(rawId));
});

/** Whether booking for a schedule has opened (server time; the API decides for real when a seat is held). */
export function bookingHasOpened(reservationAt: string): boolean {
  return Date.parse(reservationAt) <= Date.now();
}
