import "server-only";
import { config } from "../config";
import { AppError } from "../http/app-error";
import { admitIfDue, admitWaitingFans, runDrawIfDue } from "./admit-waiting-fans";
import type { Room } from "./find-room";
import { effectiveStatus, idleDeadline, queuePosition, refreshGapSeconds } from "./queue-rules";
import type { QueueTokenBody } from "./queue-schemas";
import { queueStore } from "./queue-store-instance";
import { queueTokenBody, roomFields } from "./queue-token-body";
import { joinDeadline, saleState } from "./room-rules";

/**
 * Endpoint 1. One live token per user and room: while one is WAIT or ACTIVE, issuing again returns it (same
 * string, same place; for a WAIT token it also counts as a sign of life). Otherwise a new WAIT token joins
 * the end of the room's line (during the pre-queue: the draw's entrants), and is admitted at once when there
 * is room and nobody is ahead. `concertId` picks the concert's room (null: the general room); an UPCOMING,
 * SOLD_OUT or CLOSED room takes no new joins.
 */
export async function issueQueueToken(userId: number, concertId: number | null, now: Date): Promise<QueueTokenBody> {
  const idle = config().QUEUE_IDLE_TIMEOUT_SECONDS;
  const store = queueStore();
  const room = await store.findRoomForJoin(concertId);
  const state = saleState(room, now);
  const fields = roomFields(room, state);
  // A lost insert race (two issues for one user at once) goes round again and returns the winner's token.
  for (let attempt = 0; attempt < 3; attempt++) {
    const { user, token } = await store.findUserLiveToken(userId, room.id);
    if (!user) throw new AppError("user_not_found");
    if (token && effectiveStatus(token.status, token.expiresAt, now) !== "EXPIRED") {
      const moved =
        token.status === "WAIT"
          ? await store.touchToken(token.id, now, idleDeadline(now, idle), refreshGapSeconds(idle))
          : null;
      return queueTokenBody({ ...token, expiresAt: moved ?? token.expiresAt }, token.status, fields);
    }
    refuseJoin(room, state);
    // A lapsed token still holds the user's live slot until a tick retires it; retire it now.
    if (token) await admitWaitingFans(room.id, now, { wait: true, force: true, retireTokenId: token.id });

    const created = await store.createToken(userId, room.id, now, joinDeadline(room, now, idle), room.salesStartAt);
    if (created === "draw pending") {
      await runDrawIfDue(room.id, now);
      continue;
    }
    if (!created) continue;
    let { token: row } = created;
    if (row.seq === null) return queueTokenBody(row, row.status, fields); // an entrant: the draw places them
    // Room for this fan as the last tick left it: tick now, waiting for the lock, so that a fan who finds
    // the room free is ACTIVE in this very response. Otherwise (room full, or others ahead to fill it)
    // the tick is left to polls, so a burst of joins does not queue up for the lock.
    const roomLikely = queuePosition(row.seq, created.departedAhead) <= created.freeSlots;
    const outcome = roomLikely
      ? await admitWaitingFans(room.id, now, { wait: true, force: true, forTokenId: row.id })
      : await admitIfDue(room.id, created.lastTickAt, now);
    const mine = outcome?.admitted.find((a) => a.id === row.id);
    if (mine) row = { ...row, status: "ACTIVE", expiresAt: mine.expiresAt };
    else if (outcome?.self) row = { ...row, ...outcome.self };
    return queueTokenBody(row, row.status, roomFields(room, saleState({ ...room, drawnAt: room.drawnAt ?? now }, now)));
  }
  throw new AppError("service_unavailable", "the queue is busy, try again");
}

function refuseJoin(room: Room, state: ReturnType<typeof saleState>): void {
  if (state === "UPCOMING") throw new AppError("room_not_open", room.prequeueOpensAt?.toISOString());
  if (state === "SOLD_OUT") throw new AppError("sold_out");
  if (state === "CLOSED") throw new AppError("sale_closed");
}
