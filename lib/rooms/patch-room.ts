import "server-only";
import { recordAudit } from "../admin/record-audit";
import { config } from "../config";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { findRoom } from "../queue/find-room";
import { queueStore } from "../queue/queue-store-instance";
import { drawSeedHex } from "../queue/get-public-room";
import { roomBody } from "./room-body";
import type { PatchRoomInput, RoomBody } from "./room-schemas";

/**
 * PATCH /api/admin/concerts/{concertId}/room: the controls of a sale (pause, close, capacity, rate, rules),
 * in force from the room's next admission tick (at most a second) and the fans' next poll. `salesStartAt`
 * may only move later and only before the draw; the pre-queue entrants' deadlines move with it, so nobody
 * who joined in time idles out before the new start.
 */
export async function patchRoom(input: {
  concertId: number;
  changes: PatchRoomInput;
  actorId: number;
  now: Date;
}): Promise<RoomBody> {
  const { concertId, changes, actorId, now } = input;
  await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM queue_rooms WHERE concert_id = ${concertId}::int FOR UPDATE`;
    const id = rows[0]?.id;
    if (id === undefined) {
      const concert = await tx.concert.findUnique({ where: { id: concertId }, select: { id: true } });
      throw concert
        ? new AppError("not_found", "this concert sells through the general room (PUT a room first)")
        : new AppError("concert_not_found");
    }
    const before = await tx.queueRoom.findUniqueOrThrow({ where: { id }, omit: { drawSeed: true } });
    if (changes.salesStartAt !== undefined) {
      if (before.drawnAt !== null) throw new AppError("room_locked", "the draw has run; the start cannot move");
      if (before.salesStartAt && changes.salesStartAt <= before.salesStartAt) {
        throw new AppError("bad_request", "body.salesStartAt: may only move later");
      }
      const idle = config().QUEUE_IDLE_TIMEOUT_SECONDS;
      const deadline = new Date(changes.salesStartAt.getTime() + idle * 1000);
      await queueStore().postponeEntrants(tx, id, deadline);
    }
    const after = await tx.queueRoom.update({
      where: { id },
      omit: { drawSeed: true },
      data: {
        paused: changes.paused,
        closedAt: changes.closed === undefined ? undefined : changes.closed ? (before.closedAt ?? now) : null,
        activeCapacity: changes.activeCapacity,
        admitPerSecond: changes.admitPerSecond,
        holdRequiresFunds: changes.holdRequiresFunds,
        maxTicketsPerFan: changes.maxTicketsPerFan,
        salesStartAt: changes.salesStartAt,
        updatedAt: now,
      },
    });
    await recordAudit(tx, { actorId, action: "room.update", target: `concert:${concertId}`, before, after, now });
  });
  const room = await findRoom(concertId);
  await queueStore().roomChanged(room.id);
  return roomBody(room, await drawSeedHex(room.id), now);
}
