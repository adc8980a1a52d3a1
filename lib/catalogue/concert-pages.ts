import "server-only";
import { cache } from "react";
import { prisma } from "../db/prisma";
import type { ConcertCardData, ConcertDetails, SaleState, SeatGrade } from "./catalogue-schemas";

// The home and concert pages: everything a fan needs to know before joining the line (dates with seats left,
// grades and prices, the seat chart, sale times), read on the server in a few aggregate queries.

type CardRow = {
  concertId: number;
  name: string;
  artist: string;
  venue: string;
  posterPath: string | null;
  nextConcertAt: Date | null;
  minPrice: number | null;
  maxPrice: number | null;
  seats: number;
  available: number;
  openSchedules: number;
  opensAt: Date | null;
};

const TIER_NAMES = ["VIP", "R", "S", "A", "B", "C", "D"];

function saleStateOf(row: Pick<CardRow, "nextConcertAt" | "available" | "openSchedules">): SaleState {
  if (row.nextConcertAt === null) return "CLOSED";
  if (row.available === 0) return "SOLD_OUT";
  return row.openSchedules > 0 ? "ON_SALE" : "UPCOMING";
}

async function cardRows(now: Date, concertId?: number): Promise<CardRow[]> {
  return prisma.$queryRaw<CardRow[]>`
    SELECT c.id AS "concertId", c.name, c.artist, c.venue, c.poster_path AS "posterPath",
           min(s.concert_at) AS "nextConcertAt", min(st.price) AS "minPrice", max(st.price) AS "maxPrice",
           count(st.id)::int AS "seats",
           (count(st.id) FILTER (WHERE st.sold_at IS NULL
              AND (st.hold_expires_at IS NULL OR st.hold_expires_at <= ${now}::timestamptz)))::int AS "available",
           (count(DISTINCT s.id) FILTER (WHERE s.reservation_at <= ${now}::timestamptz))::int AS "openSchedules",
           min(s.reservation_at) FILTER (WHERE s.reservation_at > ${now}::timestamptz) AS "opensAt"
    FROM concerts c
    LEFT JOIN schedules s ON s.concert_id = c.id AND s.concert_at > ${now}::timestamptz
    LEFT JOIN seats st ON st.schedule_id = s.id
    WHERE ${concertId ?? null}::int IS NULL OR c.id = ${concertId ?? null}::int
    GROUP BY c.id
    ORDER BY min(s.concert_at) NULLS LAST, c.id`;
}

function toCard(row: CardRow): ConcertCardData {
  const saleState = saleStateOf(row);
  return {
    concertId: row.concertId,
    name: row.name,
    artist: row.artist,
    venue: row.venue,
    posterPath: row.posterPath,
    nextConcertAt: row.nextConcertAt?.toISOString() ?? null,
    minPrice: row.minPrice,
    maxPrice: row.maxPrice,
    saleState,
    opensAt: saleState === "UPCOMING" ? (row.opensAt?.toISOString() ?? null) : null,
  };
}

/** The home page: every concert with its price range and sale state, soonest first. */
export async function listConcertCards(now: Date): Promise<ConcertCardData[]> {
  return (await cardRows(now)).map(toCard);
}

/** The concert page (cached per request: the page and its metadata share one read). */
export const getConcertDetails = cache(async (rawId: string): Promise<ConcertDetails | undefined> => {
  if (!/^[1-9][0-9]{0,9}$/.test(rawId)) return undefined;
  const concertId = Number(rawId);
  const now = new Date();
  const [card] = await cardRows(now, concertId);
  if (!card) return undefined;
  const [concert, schedules, seats] = await Promise.all([
    prisma.concert.findUniqueOrThrow({
      where: { id: concertId },
      select: { description: true, runningTimeMinutes: true, ageRating: true },
    }),
    prisma.$queryRaw<
      { scheduleId: number; concertAt: Date; reservationAt: Date; seats: number; availableSeats: number }[]
    >`
      SELECT s.id AS "scheduleId", s.concert_at AS "concertAt",
             s.reservation_at AS "reservationAt", count(st.id)::int AS "seats",
             (count(st.id) FILTER (WHERE st.sold_at IS NULL
                AND (st.hold_expires_at IS NULL OR st.hold_expires_at <= ${now}::timestamptz)))::int AS "availableSeats"
      FROM schedules s LEFT JOIN seats st ON st.schedule_id = s.id
      WHERE s.concert_id = ${concertId}::int AND s.concert_at > ${now}::timestamptz
      GROUP BY s.id ORDER BY s.concert_at, s.id`,
    // The chart and the grades come from the first upcoming show (every show of a concert shares its venue).
    prisma.$queryRaw<{ seatNumber: number; price: number; grade: string | null }[]>`
      SELECT st.seat_number AS "seatNumber", st.price, sec.name AS grade
      FROM seats st LEFT JOIN seat_sections sec ON sec.id = st.section_id
      WHERE st.schedule_id = (SELECT s.id FROM schedules s WHERE s.concert_id = ${concertId}::int
                              AND s.concert_at > ${now}::timestamptz ORDER BY s.concert_at, s.id LIMIT 1)
      ORDER BY st.seat_number`,
  ]);
  const prices = [...new Set(seats.map((s) => s.price))].sort((a, b) => b - a);
  const gradeOf = (seat: { price: number; grade: string | null }) =>
    seat.grade ?? TIER_NAMES[prices.indexOf(seat.price)] ?? `${prices.indexOf(seat.price) + 1}`;
  const grades = new Map<string, SeatGrade>();
  for (const seat of seats) {
    const name = gradeOf(seat);
    const grade = grades.get(name) ?? { name, price: seat.price, seats: 0 };
    grade.seats += 1;
    grades.set(name, grade);
  }
  return {
    ...toCard(card),
    ...concert,
    schedules: schedules.map((s) => ({
      ...s,
      concertAt: s.concertAt.toISOString(),
      reservationAt: s.reservationAt.toISOString(),
      bookingOpen: s.reservationAt <= now,
    })),
    grades: [...grades.values()].sort((a, b) => b.price - a.price),
    chart: seats.map((s) => ({ seatNumber: s.seatNumber, grade: gradeOf(s) })),
  };
});
