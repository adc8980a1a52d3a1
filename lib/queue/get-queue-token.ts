import "server-only";
import { AppError } from "../http/app-error";
import { findRoom } from "./find-room";
import { effectiveStatus } from "./queue-rules";
import type { QueueTokenBody } from "./queue-schemas";
import { queueStore } from "./queue-store-instance";
import { queueTokenBody, roomFields } from "./queue-token-body";
import { saleState } from "./room-rules";

/**
 * Endpoint 2: the user's live token in a room (a fan who lost it, e.g. in another browser), without side
 * effects. `concertId` picks the concert's room (null: the general room).
 */
export async function getQueueToken(userId: number, concertId: number | null, now: Date): Promise<QueueTokenBody> {
  const room = await findRoom(concertId);
  const { user, token } = await queueStore().findUserLiveToken(userId, room.id);
  if (!user) throw new AppError("user_not_found");
  const status = token ? effectiveStatus(token.status, token.expiresAt, now) : "EXPIRED";
  if (!token || status === "EXPIRED") throw new AppError("token_not_found", "no live queue token; issue one");
  return queueTokenBody(token, status, roomFields(room, saleState(room, now)));
}
