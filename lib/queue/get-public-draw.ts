import "server-only";
import { AppError } from "../http/app-error";
import { findRoom } from "./find-room";
import { drawSeedHex } from "./get-public-room";
import type { PublicDraw } from "./queue-schemas";
import { queueStore } from "./queue-store-instance";

/** GET /api/concerts/{concertId}/room/draw (public): everything needed to check the draw. 409 before it. */
export async function getPublicDraw(concertId: number): Promise<PublicDraw> {
  const room = await findRoom(concertId);
  const seed = room.concertId === null ? null : await drawSeedHex(room.id);
  if (room.concertId === null || room.drawnAt === null || seed === null || !room.drawCommitment || !room.entrantsHash) {
    throw new AppError(
      "draw_not_done",
      room.salesStartAt ? `the draw runs at ${room.salesStartAt.toISOString()}` : undefined,
    );
  }
  return {
    concertId,
    drawCommitment: room.drawCommitment,
    entrantsHash: room.entrantsHash,
    drawSeed: seed,
    drawnAt: room.drawnAt.toISOString(),
    entrants: await queueStore().drawnEntrants(room.id),
  };
}
