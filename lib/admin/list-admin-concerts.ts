import "server-only";
import { Prisma } from "../db/generated/client";
import { prisma } from "../db/prisma";
import { findRoom } from "../queue/find-room";
import { saleState } from "../queue/room-rules";
import { DEFAULT_CONCERT_PAGE, type AdminConcertList } from "./admin-schemas";

type Row = {
  concertId: number;
  name: string;
  artist: string;
  venue: string;
  createdAt: Date;
  schedules: number;
  nextConcertAt: Date | null;
  roomId: number | null;
  prequeueOpensAt: Date | null;
  salesStartAt: Date | null;
  paused: boolean | null;
  closedAt: Date | null;
  drawnAt: Date | null;
  total: number;
  held: number;
  sold: number;
  unsoldAhead: boolean;
  revenue: number;
};

/**
 * GET /api/admin/concerts: the organizer's overview, newest concert first, by keyset on the id. Seat counts
 * and revenue are counted per page (the rows of at most `limit` concerts); a concert's SOLD_OUT is checked
 * afresh, like the public room document does, rather than taken from its room's last tick.
 */
export async function listAdminConcerts(
  options: { before?: number; limit?: number },
  now: Date,
): Promise<AdminConcertList> {
  const limit = options.limit ?? DEFAULT_CONCERT_PAGE;
  const before = options.before === undefined ? Prisma.empty : Prisma.sql`WHERE c.id < ${options.before}::int`;
  const [rows, general] = await Promise.all([
    prisma.$queryRaw<Row[]>`
      SELECT c.id AS "concertId", c.name, c.artist, c.venue, c.created_at AS "createdAt",
        sc.schedules, sc.next AS "nextConcertAt",
        r.id AS "roomId", r.prequeue_opens_at AS "prequeueOpensAt", r.sales_start_at AS "salesStartAt",
        r.paused, r.closed_at AS "closedAt", r.drawn_at AS "drawnAt",
        st.total, st.held, st.sold, st.unsold_ahead AS "unsoldAhead", rv.revenue
      FROM concerts c
      LEFT JOIN queue_rooms r ON r.concert_id = c.id
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS schedules, min(concert_at) FILTER (WHERE concert_at > ${now}::timestamptz) AS next
        FROM schedules WHERE concert_id = c.id) sc
      CROSS JOIN LATERAL (
        SELECT count(s.id)::int AS total,
          count(s.id) FILTER (WHERE s.sold_at IS NULL AND s.hold_expires_at > ${now}::timestamptz)::int AS held,
          count(s.id) FILTER (WHERE s.sold_at IS NOT NULL)::int AS sold,
          bool_or(s.sold_at IS NULL AND x.concert_at > ${now}::timestamptz) IS TRUE AS unsold_ahead
        FROM schedules x JOIN seats s ON s.schedule_id = x.id WHERE x.concert_id = c.id) st
      CROSS JOIN LATERAL (
        SELECT COALESCE(sum(rs.price), 0)::float8 AS revenue
        FROM reservations rs JOIN seats s ON s.id = rs.seat_id JOIN schedules x ON x.id = s.schedule_id
        WHERE x.concert_id = c.id AND rs.status = 'CONFIRMED') rv
      ${before}
      ORDER BY c.id DESC
      LIMIT ${limit + 1}::int`,
    findRoom(null),
  ]);
  const page = rows.slice(0, limit);
  const generalState = saleState(general, now);
  return {
    concerts: page.map((r) => ({
      concertId: r.concertId,
      name: r.name,
      artist: r.artist,
      venue: r.venue,
      createdAt: r.createdAt.toISOString(),
      schedules: r.schedules,
      nextConcertAt: r.nextConcertAt?.toISOString() ?? null,
      roomId: r.roomId,
      saleState:
        r.roomId === null
          ? generalState
          : saleState(
              {
                concertId: r.concertId,
                prequeueOpensAt: r.prequeueOpensAt,
                salesStartAt: r.salesStartAt,
                paused: r.paused ?? false,
                closedAt: r.closedAt,
                drawnAt: r.drawnAt,
                soldOut: !r.unsoldAhead,
              },
              now,
            ),
      seats: { total: r.total, available: r.total - r.held - r.sold, held: r.held, sold: r.sold },
      revenue: r.revenue,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.concertId ?? null) : null,
  };
}
