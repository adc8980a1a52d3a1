import "server-only";
import { encodeQueueToken } from "./queue-token-codec";
import type { QueueTokenBody } from "./queue-schemas";
import type { QueueStatusValue } from "./queue-rules";
import type { SaleState } from "./room-rules";

export type RoomFields = { concertId: number | null; saleState: SaleState; drawCommitment?: string };

/** The room fields of endpoints 1-3: the draw's commitment only while it matters (the pre-queue). */
export function roomFields(
  room: { concertId: number | null; drawCommitment: string | null },
  saleState: SaleState,
): RoomFields {
  return saleState === "PREQUEUE" && room.drawCommitment !== null
    ? { concertId: room.concertId, saleState, drawCommitment: room.drawCommitment }
    : { concertId: room.concertId, saleState };
}

export function queueTokenBody(
  row: { id: number; createdAt: Date; expiresAt: Date },
  status: QueueStatusValue,
  room: RoomFields,
): QueueTokenBody {
  return {
    tokenId: row.id,
    token: encodeQueueToken(row.id),
    status,
    createdAt: row.createdAt.toISOString(),
    expiredAt: row.expiresAt.toISOString(),
    ...room,
  };
}
