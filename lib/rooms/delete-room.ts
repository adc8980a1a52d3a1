import "server-only";
import { recordAudit } from "../admin/record-audit";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { findRoom } from "../queue/find-room";
import { queueStore } from "../queue/queue-store-instance";
import { saleState } from "../queue/room-rules";

/**
 * DELETE /api/admin/concerts/{concertId}/room: the concert goes back to the general room. Only while the room
 * is UPCOMING: once fans could join, their places (and the draw's commitment) must stand.
 */
export async function deleteRoom(input: { concertId: number; actorId: number; now: Date }): Promise<void> {
  const { concertId, actorId, now } = input;
  const roomId = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM queue_rooms WHERE concert_id = ${concertId}::int FOR UPDATE`;
    if (rows.length === 0) {
      const concert = await tx.concert.findUnique({ where: { id: concertId }, select: { id: true } });
      throw concert
        ? new AppError("not_found", "this concert has no room of its own")
        : new AppError("concert_not_found");
    }
    const room = await findRoom(concertId);
    const state = saleState(room, now);
    if (state !== "UPCOMING") throw new AppError("room_locked", `the room is ${state}`);
    const before = await tx.queueRoom.delete({ where: { concertId }, omit: { drawSeed: true } });
    await recordAudit(tx, { actorId, action: "room.delete", target: `concert:${concertId}`, before, now });
    return room.id;
  });
  // Joins for the concert now go to the general room (the store may keep which room a concert's joins go to).
  await queueStore().roomChanged(roomId);
}
