import "server-only";
import type { DbTx } from "../db/prisma";
import { queueStore } from "./queue-store-instance";

// A dedicated room's sold-out flag lives with its admission bookkeeping, so a poll reads it without looking
// at seats. The admission tick recomputes it about once a second; these keep it exact at the moments that
// change it, inside the transaction that sells or frees the seat, so every poll after that commit agrees; the
// Redis store's copy (which joins and polls read there) is told in the same breath, before the commit as
// with the token's end after a payment: should the commit fail, the next tick puts back what Postgres says.

/** After a sale: the room is sold out once no seat of the concert's future schedules is unsold. */
export async function markSoldOutIfNoneLeft(tx: DbTx, concertId: number, now: Date): Promise<void> {
  const rooms = await tx.$queryRaw<
    { roomId: number }[]
  >`UPDATE queue_admission a SET sold_out = true, only_held_left = false
    FROM queue_rooms r
    WHERE r.concert_id = ${concertId}::int AND a.room_id = r.id AND NOT a.sold_out
      AND NOT EXISTS (
        SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
        WHERE sc.concert_id = ${concertId}::int AND sc.concert_at > ${now}::timestamptz AND s.sold_at IS NULL)
    RETURNING a.room_id AS "roomId"`;
  for (const { roomId } of rooms) await queueStore().soldOutChanged(roomId, true);
}

/** After a seat comes back on sale (a refund): the room is on sale again. */
export async function clearSoldOut(tx: DbTx, concertId: number): Promise<void> {
  const rooms = await tx.$queryRaw<{ roomId: number }[]>`UPDATE queue_admission a SET sold_out = false
    FROM queue_rooms r WHERE r.concert_id = ${concertId}::int AND a.room_id = r.id AND a.sold_out
    RETURNING a.room_id AS "roomId"`;
  for (const { roomId } of rooms) await queueStore().soldOutChanged(roomId, false);
}
