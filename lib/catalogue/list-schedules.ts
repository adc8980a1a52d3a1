import "server-only";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { assertTokenRoom } from "../queue/require-queue-token";
import { GENERAL_ROOM_ID } from "../queue/room-rules";
import type { ConcertSchedules } from "./catalogue-schemas";

type Row = {
  concertId: number;
  /** The concert's waiting room (the general room when it has none). */
  roomId: number;
  concertName: string;
  scheduleId: number | null;
  concertAt: Date | null;
  reservationAt: Date | null;
  availableSeats: number;
};

/**
 * Endpoint 4: a concert's schedules still ahead with their free seat counts, in one query.
 * A seat is free when unsold and its hold is absent or lapsed, so expiry needs no job.
 */
export async function listSchedules(
  concertId: number,
  token: { roomId: number },
  now: Date,
): Promise<ConcertSchedules> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT c.id AS "concertId", COALESCE((SELECT q.id FROM queue_rooms q WHERE q.concert_id = c.id), ${GENERAL_ROOM_ID}::int) AS "roomId", c.name AS "concertName",
           s.id AS "scheduleId", s.concert_at AS "concertAt", s.reservation_at AS "reservationAt",
           (count(st.id) FILTER (WHERE st.sold_at IS NULL
              AND (st.hold_expires_at IS NULL OR st.hold_expires_at <= ${now}::timestamptz)))::int AS "availableSeats"
    FROM concerts c
    LEFT JOIN schedules s ON s.concert_id = c.id AND s.concert_at > ${now}::timestamptz
    LEFT JOIN seats st ON st.schedule_id = s.id
    WHERE c.id = ${concertId}::int
    GROUP BY c.id, s.id
    ORDER BY s.concert_at, s.id`;
  const first = firstRow(rows);
  if (!first) throw new AppError("concert_not_found");
  assertTokenRoom(token, first.roomId);
  return {
    concertId: first.concertId,
    concertName: first.concertName,
    schedules: rows
      .filter((r) => r.scheduleId !== null)
      .map((r) => ({
        scheduleId: r.scheduleId!,
        concertAt: r.concertAt!.toISOString(),
        reservationAt: r.reservationAt!.toISOString(),
        availableSeats: r.availableSeats,
      })),
  };
}
