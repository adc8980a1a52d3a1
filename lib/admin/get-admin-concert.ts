import "server-only";
import { prisma, type DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";
import { findRoom } from "../queue/find-room";
import { drawSeedHex } from "../queue/get-public-room";
import { roomBody } from "../rooms/room-body";
import type { AdminConcert } from "./admin-schemas";
import { readSchedules } from "./read-schedules";

/** GET /api/admin/concerts/{concertId}: the concert, its schedules with layouts and seat counts, its room. */
export async function getAdminConcert(concertId: number, now: Date, db: DbTx = prisma): Promise<AdminConcert> {
  const concert = await db.concert.findUnique({
    where: { id: concertId },
    select: { id: true, name: true, artist: true, venue: true, description: true, createdAt: true },
  });
  if (!concert) throw new AppError("concert_not_found");
  const [schedules, dedicated] = await Promise.all([
    readSchedules(db, { concertId }, now),
    db.queueRoom.findUnique({ where: { concertId }, select: { id: true } }),
  ]);
  let room = null;
  if (dedicated) {
    const [found, seed] = await Promise.all([findRoom(concertId), drawSeedHex(dedicated.id)]);
    room = roomBody(found, seed, now);
  }
  return {
    concertId: concert.id,
    name: concert.name,
    artist: concert.artist,
    venue: concert.venue,
    description: concert.description,
    createdAt: concert.createdAt.toISOString(),
    schedules,
    room,
  };
}
