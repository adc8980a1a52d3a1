import "server-only";
import { config } from "../config";
import type { Room } from "../queue/find-room";
import { saleState } from "../queue/room-rules";
import type { RoomBody } from "./room-schemas";

/** The organizer's room document; the seed only once the draw has made it public. */
export function roomBody(room: Room, seedHex: string | null, now: Date): RoomBody {
  const env = config();
  const rate = room.admitPerSecond ?? env.QUEUE_ADMIT_PER_SECOND ?? null;
  return {
    roomId: room.id,
    concertId: room.concertId,
    saleState: saleState(room, now),
    prequeueOpensAt: room.prequeueOpensAt?.toISOString() ?? null,
    salesStartAt: room.salesStartAt?.toISOString() ?? null,
    activeCapacity: room.activeCapacity,
    admitPerSecond: room.admitPerSecond,
    effectiveCapacity: room.activeCapacity ?? env.QUEUE_ACTIVE_CAPACITY,
    effectiveAdmitPerSecond: rate === 0 ? null : rate,
    paused: room.paused,
    closed: room.closedAt !== null,
    holdRequiresFunds: room.holdRequiresFunds,
    maxTicketsPerFan: room.maxTicketsPerFan,
    drawCommitment: room.drawCommitment,
    entrantsHash: room.entrantsHash,
    drawSeed: room.drawnAt ? seedHex : null,
    drawnAt: room.drawnAt?.toISOString() ?? null,
    entrants: room.entrantCount,
  };
}
