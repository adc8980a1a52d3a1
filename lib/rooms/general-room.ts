import "server-only";
import { recordAudit } from "../admin/record-audit";
import { prisma } from "../db/prisma";
import { findRoom } from "../queue/find-room";
import { queueStore } from "../queue/queue-store-instance";
import { GENERAL_ROOM_ID } from "../queue/room-rules";
import { roomBody } from "./room-body";
import type { PatchGeneralRoomInput, RoomBody } from "./room-schemas";

/** GET /api/admin/room: the general room's settings and state. */
export async function getGeneralRoom(now: Date): Promise<RoomBody> {
  return roomBody(await findRoom(null), null, now);
}

/** PATCH /api/admin/room: pause, capacity and rate of the general room, from its next tick on. */
export async function patchGeneralRoom(input: {
  changes: PatchGeneralRoomInput;
  actorId: number;
  now: Date;
}): Promise<RoomBody> {
  const { changes, actorId, now } = input;
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM queue_rooms WHERE id = ${GENERAL_ROOM_ID}::int FOR UPDATE`;
    const before = await tx.queueRoom.findUniqueOrThrow({ where: { id: GENERAL_ROOM_ID }, omit: { drawSeed: true } });
    const after = await tx.queueRoom.update({
      where: { id: GENERAL_ROOM_ID },
      omit: { drawSeed: true },
      data: {
        paused: changes.paused,
        activeCapacity: changes.activeCapacity,
        admitPerSecond: changes.admitPerSecond,
        updatedAt: now,
      },
    });
    await recordAudit(tx, { actorId, action: "room.update", target: "room:general", before, after, now });
  });
  await queueStore().roomChanged(GENERAL_ROOM_ID);
  return getGeneralRoom(now);
}
