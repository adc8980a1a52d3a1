import "server-only";
import { prisma } from "../db/prisma";
import { oneRow } from "../db/rows";
import { findRoom } from "./find-room";
import type { PublicRoom } from "./queue-schemas";
import { queueStore } from "./queue-store-instance";
import { saleState } from "./room-rules";

/**
 * GET /api/concerts/{concertId}/room (public): what a fan should know before joining. Sold out and "only
 * held seats left" are checked afresh here (the poll path reads what the room's last tick found).
 */
export async function getPublicRoom(concertId: number, now: Date): Promise<PublicRoom> {
  const room = await findRoom(concertId);
  const seats = oneRow(
    await prisma.$queryRaw<{ unsold: boolean; free: boolean; minPrice: number | null }[]>`
      SELECT EXISTS (SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
          WHERE sc.concert_id = ${concertId}::int AND sc.concert_at > ${now}::timestamptz AND s.sold_at IS NULL) AS unsold,
        EXISTS (SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
          WHERE sc.concert_id = ${concertId}::int AND sc.concert_at > ${now}::timestamptz AND s.sold_at IS NULL
            AND (s.hold_expires_at IS NULL OR s.hold_expires_at <= ${now}::timestamptz)) AS free,
        (SELECT min(s.price) FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
          WHERE sc.concert_id = ${concertId}::int AND sc.concert_at > ${now}::timestamptz)::int AS "minPrice"`,
    "seat summary",
  );
  const dedicated = room.concertId !== null;
  const soldOut = dedicated && !seats.unsold;
  const drawn = room.drawnAt !== null;
  const seed = drawn ? await drawSeedHex(room.id) : null;
  return {
    concertId,
    saleState: saleState({ ...room, soldOut }, now),
    prequeueOpensAt: room.prequeueOpensAt?.toISOString() ?? null,
    salesStartAt: room.salesStartAt?.toISOString() ?? null,
    waiting: dedicated ? (await queueStore().roomCounts(room.id)).waiting : null,
    holdRequiresFunds: room.holdRequiresFunds,
    minPrice: seats.minPrice,
    onlyHeldSeatsLeft: seats.unsold && !seats.free,
    drawCommitment: room.drawCommitment,
    entrantsHash: room.entrantsHash,
    drawSeed: seed,
  };
}

/** The seed is secret until the draw has run; after it, anyone may check it against the commitment. */
export async function drawSeedHex(roomId: number): Promise<string | null> {
  const row = oneRow(
    await prisma.$queryRaw<{ seed: Uint8Array | null }[]>`
      SELECT CASE WHEN drawn_at IS NOT NULL THEN draw_seed END AS seed FROM queue_rooms WHERE id = ${roomId}::int`,
    "room",
  );
  return row.seed ? Buffer.from(row.seed).toString("hex") : null;
}
