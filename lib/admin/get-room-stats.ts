import "server-only";
import { Prisma } from "../db/generated/client";
import { prisma } from "../db/prisma";
import { oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { findRoom } from "../queue/find-room";
import { observedAdmissionRate } from "../queue/queue-rules";
import { queueStore } from "../queue/queue-store-instance";
import { saleState } from "../queue/room-rules";
import { MAX_STATS_HISTORY_DAYS, type RoomStats } from "./admin-schemas";

const MINUTE = 60_000;
const DEFAULT_HISTORY = 30 * MINUTE;

/**
 * GET /api/admin/concerts/{concertId}/room/stats (concertId) and GET /api/admin/room/stats (null): a room's
 * line and a sale's seats, for the organizer's live console. The line is the room's: a concert without a
 * room of its own shows the general room's line and its own seats; the general room's stats count the seats
 * of every concert without a room of its own.
 *
 * Samples are the per-minute rows the admission tick keeps (queue_room_samples). A room nobody polls has no
 * ticks, so this request writes the current minute's sample itself when the tick has not: one INSERT that
 * does nothing when the row exists, with the same values the tick would write.
 */
export async function getRoomStats(input: { concertId: number | null; since?: Date; now: Date }): Promise<RoomStats> {
  const { concertId, now } = input;
  const since = input.since ?? new Date(now.getTime() - DEFAULT_HISTORY);
  if (since.getTime() < now.getTime() - MAX_STATS_HISTORY_DAYS * 24 * 60 * MINUTE) {
    throw new AppError("bad_request", `query.since: at most ${MAX_STATS_HISTORY_DAYS} days back`);
  }
  const room = await findRoom(concertId);
  const seatScope =
    concertId !== null
      ? Prisma.sql`x.concert_id = ${concertId}::int`
      : Prisma.sql`NOT EXISTS (SELECT 1 FROM queue_rooms q WHERE q.concert_id = x.concert_id)`;
  const [seats, line, admission] = await Promise.all([
    prisma.$queryRaw<{ held: number; available: number; unsoldAhead: boolean; sold: number; revenue: number }[]>`
      SELECT
        count(*) FILTER (WHERE s.sold_at IS NULL AND s.hold_expires_at > ${now}::timestamptz)::int AS held,
        count(*) FILTER (WHERE s.sold_at IS NULL AND x.concert_at > ${now}::timestamptz
          AND (s.hold_expires_at IS NULL OR s.hold_expires_at <= ${now}::timestamptz))::int AS available,
        COALESCE(bool_or(s.sold_at IS NULL AND x.concert_at > ${now}::timestamptz), false) AS "unsoldAhead",
        (SELECT count(*) FROM reservations r JOIN seats rs ON rs.id = r.seat_id JOIN schedules x ON x.id = rs.schedule_id
         WHERE r.status = 'CONFIRMED' AND ${seatScope})::int AS sold,
        (SELECT COALESCE(sum(r.price), 0) FROM reservations r JOIN seats rs ON rs.id = r.seat_id
         JOIN schedules x ON x.id = rs.schedule_id WHERE r.status = 'CONFIRMED' AND ${seatScope})::float8 AS revenue
      FROM schedules x JOIN seats s ON s.schedule_id = x.id
      WHERE ${seatScope}`,
    queueStore().roomCounts(room.id),
    prisma.$queryRaw<
      {
        admittedTotal: number;
        windowStartedAt: Date | null;
        windowCount: number;
        previousWindowCount: number;
        active: number;
      }[]
    >`
      SELECT a.admitted_total AS "admittedTotal", a.window_started_at AS "windowStartedAt",
        a.window_count AS "windowCount", a.previous_window_count AS "previousWindowCount",
        (SELECT count(*) FROM queue_tokens t WHERE t.room_id = a.room_id AND t.status = 'ACTIVE'
           AND t.expires_at > ${now}::timestamptz)::int AS active
      FROM queue_admission a WHERE a.room_id = ${room.id}::int`,
  ]);
  const seat = oneRow(seats, "seat summary");
  const bookkeeping = oneRow(admission, "room admission");
  const state = saleState({ ...room, soldOut: room.concertId !== null && !seat.unsoldAhead }, now);
  const perSecond = observedAdmissionRate(
    {
      startedAt: bookkeeping.windowStartedAt,
      count: bookkeeping.windowCount,
      previousCount: bookkeeping.previousWindowCount,
    },
    now,
  );
  const admitting = state === "ON_SALE" && perSecond !== null && perSecond > 0;

  const minute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const roomScope =
    room.concertId !== null
      ? Prisma.sql`x.concert_id = ${room.concertId}::int`
      : Prisma.sql`NOT EXISTS (SELECT 1 FROM queue_rooms q WHERE q.concert_id = x.concert_id)`;
  await prisma.$executeRaw`
    INSERT INTO queue_room_samples (room_id, at, waiting, active, admitted, sold)
    SELECT ${room.id}::int, ${minute}::timestamptz, ${line.waiting}::int, ${bookkeeping.active}::int,
      ${bookkeeping.admittedTotal}::int,
      (SELECT count(*) FROM reservations r JOIN seats rs ON rs.id = r.seat_id JOIN schedules x ON x.id = rs.schedule_id
       WHERE r.status = 'CONFIRMED' AND ${roomScope})::int
    WHERE NOT EXISTS (SELECT 1 FROM queue_room_samples WHERE room_id = ${room.id}::int AND at = ${minute}::timestamptz)
    ON CONFLICT (room_id, at) DO NOTHING`;
  const samples = await prisma.queueRoomSample.findMany({
    where: { roomId: room.id, at: { gte: since } },
    orderBy: { at: "asc" },
    select: { at: true, waiting: true, active: true, admitted: true, sold: true },
  });

  return {
    roomId: room.id,
    concertId,
    saleState: state,
    waiting: line.waiting,
    active: bookkeeping.active,
    admittedTotal: bookkeeping.admittedTotal,
    admitRatePerMinute: perSecond === null ? 0 : Math.round(perSecond * 60 * 10) / 10,
    etaToDrainSeconds: line.waiting === 0 ? 0 : admitting ? Math.ceil(line.waiting / perSecond) : null,
    heldSeats: seat.held,
    soldSeats: seat.sold,
    availableSeats: seat.available,
    revenue: seat.revenue,
    samples: samples.map((s) => ({ ...s, at: s.at.toISOString() })),
  };
}
