import "server-only";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { GENERAL_ROOM_ID, type RoomFacts } from "./room-rules";

export type Room = RoomFacts & {
  id: number;
  activeCapacity: number | null;
  admitPerSecond: number | null;
  holdRequiresFunds: boolean;
  maxTicketsPerFan: number;
  drawCommitment: string | null;
  entrantsHash: string | null;
  entrantCount: number | null;
  /** Only held seats are left (nothing free, something unsold), as the last tick found. */
  onlyHeldLeft: boolean;
  lastTickAt: Date | null;
};

type RoomRow = Omit<Room, "soldOut" | "onlyHeldLeft"> & {
  soldOut: boolean | null;
  onlyHeldLeft: boolean | null;
  concertExists: boolean;
};

/**
 * The room a concert sells through: its dedicated room, else the general room. `null` is the general room.
 * One read; 404 concert not found for an unknown concert.
 */
export async function findRoom(concertId: number | null): Promise<Room> {
  const rows = await prisma.$queryRaw<RoomRow[]>`
    SELECT r.id, r.concert_id AS "concertId", r.prequeue_opens_at AS "prequeueOpensAt",
      r.sales_start_at AS "salesStartAt", r.active_capacity AS "activeCapacity",
      r.admit_per_second AS "admitPerSecond", r.paused, r.closed_at AS "closedAt",
      r.hold_requires_funds AS "holdRequiresFunds", r.max_tickets_per_fan AS "maxTicketsPerFan",
      r.draw_commitment AS "drawCommitment", r.entrants_hash AS "entrantsHash", r.drawn_at AS "drawnAt",
      r.entrant_count AS "entrantCount", a.sold_out AS "soldOut", a.only_held_left AS "onlyHeldLeft",
      a.last_tick_at AS "lastTickAt",
      (${concertId}::int IS NULL OR EXISTS (SELECT 1 FROM concerts WHERE id = ${concertId}::int)) AS "concertExists"
    FROM queue_rooms r LEFT JOIN queue_admission a ON a.room_id = r.id
    WHERE r.id = COALESCE((SELECT id FROM queue_rooms WHERE concert_id = ${concertId}::int), ${GENERAL_ROOM_ID}::int)`;
  const row = firstRow(rows);
  if (!row) throw new Error("the general room is missing (migration 20261201100000_rooms_and_roles)");
  if (!row.concertExists) throw new AppError("concert_not_found");
  const { concertExists: _, soldOut, onlyHeldLeft, ...room } = row;
  return { ...room, soldOut: soldOut ?? false, onlyHeldLeft: onlyHeldLeft ?? false };
}
