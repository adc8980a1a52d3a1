import "server-only";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { assertTokenRoom } from "../queue/require-queue-token";
import { GENERAL_ROOM_ID } from "../queue/room-rules";
import type { SeatMap } from "./catalogue-schemas";

type Row = {
  concertId: number;
  /** The concert's waiting room (the general room when it has none). */
  roomId: number;
  scheduleId: number | null;
  concertAt: Date | null;
  seatId: number | null;
  seatNumber: number | null;
  seatPrice: number | null;
  state: "AVAILABLE" | "HELD" | "SOLD" | null;
};

/**
 * Endpoint 5: one schedule's seats in seat-number order, in one query. The outer joins tell an
 * unknown concert from a schedule of another concert (404 concert schedule not found).
 */
export async function getSeatMap(
  concertId: number,
  scheduleId: number,
  token: { roomId: number },
  now: Date,
): Promise<SeatMap> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT c.id AS "concertId", COALESCE((SELECT q.id FROM queue_rooms q WHERE q.concert_id = c.id), ${GENERAL_ROOM_ID}::int) AS "roomId", s.id AS "scheduleId", s.concert_at AS "concertAt",
           st.id AS "seatId", st.seat_number AS "seatNumber", st.price AS "seatPrice",
           CASE WHEN st.id IS NULL THEN NULL
                WHEN st.sold_at IS NOT NULL THEN 'SOLD'
                WHEN st.hold_expires_at > ${now}::timestamptz THEN 'HELD'
                ELSE 'AVAILABLE' END AS "state"
    FROM concerts c
    LEFT JOIN schedules s ON s.id = ${scheduleId}::int AND s.concert_id = c.id
    LEFT JOIN seats st ON st.schedule_id = s.id
    WHERE c.id = ${concertId}::int
    ORDER BY st.seat_number`;
  const first = firstRow(rows);
  if (!first) throw new AppError("concert_not_found");
  assertTokenRoom(token, first.roomId);
  if (first.scheduleId === null) throw new AppError("schedule_not_found");
  return {
    concertId: first.concertId,
    scheduleId: first.scheduleId,
    concertAt: first.concertAt!.toISOString(),
    seats: rows
      .filter((r) => r.seatId !== null)
      .map((r) => ({
        seatId: r.seatId!,
        seatNumber: r.seatNumber!,
        seatStatus: r.state === "AVAILABLE" ? ("AVAILABLE" as const) : ("UNAVAILABLE" as const),
        // Held and sold told apart, but never when a hold ends: that would tell bots the moment a seat frees.
        seatState: r.state!,
        seatPrice: r.seatPrice!,
      })),
  };
}
