import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "../admin/record-audit";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { drawCommitment } from "../queue/draw-formula";
import { findRoom } from "../queue/find-room";
import { queueStore } from "../queue/queue-store-instance";
import { drawSeedHex } from "../queue/get-public-room";
import { roomBody } from "./room-body";
import type { PutRoomInput, RoomBody } from "./room-schemas";

/**
 * PUT /api/admin/concerts/{concertId}/room: gives the concert a dedicated room, or replaces its settings
 * while the pre-queue has not opened. Creating it draws the secret seed and fixes the published commitment,
 * which never changes afterwards (a replacement keeps it), so nobody, the operator included, can pick the
 * seed once fans start joining. One transaction, with its audit entry; the concert row lock orders
 * concurrent PUTs.
 */
export async function putRoom(input: {
  concertId: number;
  settings: PutRoomInput;
  actorId: number;
  now: Date;
}): Promise<RoomBody> {
  const { concertId, settings, actorId, now } = input;
  if (settings.prequeueOpensAt > settings.salesStartAt) {
    throw new AppError("bad_request", "body.prequeueOpensAt: must not be after salesStartAt");
  }
  await prisma.$transaction(async (tx) => {
    const concert = firstRow(
      await tx.$queryRaw<{ latestBookingOpens: Date | null }[]>`
        SELECT (SELECT max(reservation_at) FROM schedules WHERE concert_id = c.id) AS "latestBookingOpens"
        FROM concerts c WHERE c.id = ${concertId}::int FOR UPDATE`,
    );
    if (!concert) throw new AppError("concert_not_found");
    if (concert.latestBookingOpens && settings.salesStartAt < concert.latestBookingOpens) {
      throw new AppError(
        "bad_request",
        `body.salesStartAt: earlier than a schedule's reservationAt (${concert.latestBookingOpens.toISOString()})`,
      );
    }
    const existing = await tx.queueRoom.findUnique({ where: { concertId } });
    if (existing?.prequeueOpensAt && existing.prequeueOpensAt <= now) {
      throw new AppError("room_locked", `the pre-queue opened at ${existing.prequeueOpensAt.toISOString()}`);
    }
    const values = {
      prequeueOpensAt: settings.prequeueOpensAt,
      salesStartAt: settings.salesStartAt,
      activeCapacity: settings.activeCapacity ?? null,
      admitPerSecond: settings.admitPerSecond ?? null,
      holdRequiresFunds: settings.holdRequiresFunds ?? false,
      maxTicketsPerFan: settings.maxTicketsPerFan ?? 4,
      updatedAt: now,
    };
    let room;
    if (existing) {
      room = await tx.queueRoom.update({ where: { id: existing.id }, data: values });
    } else {
      const seed = randomBytes(32);
      room = await tx.queueRoom.create({
        data: { concertId, ...values, drawSeed: seed, drawCommitment: drawCommitment(seed), createdAt: now },
      });
    }
    const { drawSeed: _before, ...before } = existing ?? {};
    const { drawSeed: _after, ...after } = room;
    await recordAudit(tx, {
      actorId,
      action: existing ? "room.replace" : "room.create",
      target: `concert:${concertId}`,
      before: existing ? before : undefined,
      after,
      now,
    });
  });
  const room = await findRoom(concertId);
  await queueStore().roomChanged(room.id);
  return roomBody(room, await drawSeedHex(room.id), now);
}
