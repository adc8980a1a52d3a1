import "server-only";
import { prisma } from "../db/prisma";
import type { ConcertSummary } from "./catalogue-schemas";

/** Public catalogue: every concert with its next schedule still ahead, soonest first. */
export async function listConcerts(now: Date): Promise<{ concerts: ConcertSummary[] }> {
  const concerts = await prisma.concert.findMany({
    orderBy: { id: "asc" },
    include: { schedules: { where: { concertAt: { gt: now } }, orderBy: { concertAt: "asc" }, take: 1 } },
  });
  const summaries = concerts.map((c) => {
    const next = c.schedules[0];
    return {
      concertId: c.id,
      name: c.name,
      artist: c.artist,
      venue: c.venue,
      description: c.description,
      nextSchedule: next
        ? {
            scheduleId: next.id,
            concertAt: next.concertAt.toISOString(),
            reservationAt: next.reservationAt.toISOString(),
          }
        : null,
    };
  });
  return { concerts: summaries.sort(soonestFirst) };
}

/** Soonest next schedule first; concerts with nothing ahead last; ties by id. */
function soonestFirst(a: ConcertSummary, b: ConcertSummary): number {
  const at = (c: ConcertSummary) => (c.nextSchedule ? Date.parse(c.nextSchedule.concertAt) : Infinity);
  return at(a) - at(b) || a.concertId - b.concertId;
}
