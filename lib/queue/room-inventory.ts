import "server-only";
import type { DbTx } from "../db/prisma";
import { logger } from "../observability/logger";
import { queueStore } from "./queue-store-instance";

// A dedicated room's sold-out flag lives with its admission bookkeeping, so a poll reads it without looking
// at seats. The admission tick recomputes it about once a second; these keep it exact at the moments that
// change it, inside the transaction that sells or frees the seat, so every poll after that commit agrees. The
// Redis store keeps its own copy (joins and polls read it there): the caller tells it after the commit
// (`tellStoreSoldOut`), so a transaction that fails never leaves a room marked sold out in Redis.

/** After a sale: the room is sold out once no seat of the concert's future schedules is unsold. Rooms marked. */
export async function markSoldOutIfNoneLeft(tx: DbTx, concertId: number, now: Date): Promise<number[]> {
  const rooms = await tx.$queryRaw<
    { roomId: number }[]
  >`UPDATE queue_admission a SET sold_out = true, only_held_left = false
    FROM queue_rooms r
    WHERE r.concert_id = ${concertId}::int AND a.room_id = r.id AND NOT a.sold_out
      AND NOT EXISTS (
        SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
        WHERE sc.concert_id = ${concertId}::int AND sc.concert_at > ${now}::timestamptz AND s.sold_at IS NULL)
    RETURNING a.room_id AS "roomId"`;
  return rooms.map((r) => r.roomId);
}

/** After a seat comes back on sale (a refund): the room is on sale again. Rooms reopened. */
export async function clearSoldOut(tx: DbTx, concertId: number): Promise<number[]> {
  const rooms = await tx.$queryRaw<{ roomId: number }[]>`UPDATE queue_admission a SET sold_out = false
    FROM queue_rooms r WHERE r.concert_id = ${concertId}::int AND a.room_id = r.id AND a.sold_out
    RETURNING a.room_id AS "roomId"`;
  return rooms.map((r) => r.roomId);
}

/**
 * After the commit: the queue store's copy follows. Best effort: a sale or refund never fails because Redis is
 * away; the rooms' next admission tick (about once a second while anyone polls) recomputes the flag anyway.
 */
export async function tellStoreSoldOut(roomIds: number[], soldOut: boolean): Promise<void> {
  for (const roomId of roomIds) {
    await queueStore()
      .soldOutChanged(roomId, soldOut)
      .catch((error: unknown) => logger.warn({ err: error, roomId }, "queue store: could not record sold out"));
  }
}
