import "server-only";
import { config } from "../config";
import { AppError } from "../http/app-error";
import { admitIfDue } from "./admit-waiting-fans";
import {
  effectiveStatus,
  estimateWaitSeconds,
  idleDeadline,
  observedAdmissionRate,
  queuePosition,
  refreshGapSeconds,
  retryAfterSeconds,
} from "./queue-rules";
import type { QueueStatusBody } from "./queue-schemas";
import { drawnPlace } from "./drawn-place";
import { queueStore } from "./queue-store-instance";
import type { PollRow } from "./queue-store";
import { roomFields } from "./queue-token-body";
import { prequeueRetryAfterSeconds, saleState, SOLD_OUT_POLL_SECONDS } from "./room-rules";

/**
 * Endpoint 3, the hottest path: one database statement reads the token and its room, refreshes a WAIT
 * token's idle deadline when it moved by a few seconds, and sums the departures ahead (O(log n), see
 * postgres-queue-store.ts). About once a second per room, one poll also runs the room's admission tick
 * (the first one at or after a sale's start runs its pre-queue draw).
 */
export async function readQueueStatus(
  tokenId: number,
  now: Date,
): Promise<{ body: QueueStatusBody; retryAfter: number }> {
  const idle = config().QUEUE_IDLE_TIMEOUT_SECONDS;
  const read = () => queueStore().poll(tokenId, now, idleDeadline(now, idle), refreshGapSeconds(idle));
  let row = await read();
  if (!row) throw new AppError("token_not_found");
  // The one poll that runs the tick re-reads when the tick changed the line, so it answers exactly;
  // the others may count a lapsed fan ahead of them until the next tick (about a second).
  const outcome = await admitIfDue(row.roomId, row.lastTickAt, now);
  if (
    outcome &&
    row.status === "WAIT" &&
    (outcome.admitted.length > 0 || outcome.expiredWaiting > 0 || row.room.drawnAt === null)
  ) {
    row = (await read()) ?? row;
  }
  const answer = statusOf(row, now, idle);
  // A pre-queue entrant after the draw also learns their drawn place (absent for everyone else).
  const { drawnAt, salesStartAt } = row.room;
  if (drawnAt !== null && salesStartAt !== null && row.createdAt < salesStartAt) {
    const place = await drawnPlace(row.roomId, drawnAt, row.id);
    if (place !== null) answer.body = { ...answer.body, drawnPlace: place };
  }
  return answer;
}

function statusOf(row: PollRow, now: Date, idle: number): { body: QueueStatusBody; retryAfter: number } {
  const state = saleState(row.room, now);
  const status = effectiveStatus(row.status, row.expiresAt, now);
  const expiresAt = row.expiresAt;
  const base = {
    queueId: row.id,
    createdAt: row.createdAt.toISOString(),
    status,
    expiredAt: expiresAt.toISOString(),
    ...roomFields(row.room, state),
  };

  // A pre-queue entrant: no place yet (the draw decides), a countdown to the start, and a return spread out.
  if (status === "WAIT" && row.seq === null && row.room.salesStartAt !== null) {
    const startsIn = Math.max(0, Math.ceil((row.room.salesStartAt.getTime() - now.getTime()) / 1000));
    return {
      body: { ...base, position: null, estimatedWaitSeconds: startsIn },
      retryAfter: prequeueRetryAfterSeconds({
        tokenId: row.id,
        salesStartAt: row.room.salesStartAt,
        now,
        entrants: row.room.entrants,
      }),
    };
  }

  const position = status === "WAIT" ? queuePosition(row.seq ?? 1, row.departedAhead ?? 0) : 0;
  const halted = state === "PAUSED" || state === "SOLD_OUT" || state === "CLOSED";
  const estimatedWaitSeconds =
    status === "WAIT"
      ? estimateWaitSeconds(position, observedAdmissionRate(row.window, now), halted)
      : status === "ACTIVE"
        ? 0
        : null;
  const retryAfter =
    status === "WAIT" && (state === "SOLD_OUT" || state === "CLOSED")
      ? Math.max(1, Math.min(SOLD_OUT_POLL_SECONDS, Math.floor(idle / 3)))
      : retryAfterSeconds({ status, position, estimatedWaitSeconds, expiresAt, now, idleTimeoutSeconds: idle });
  return { body: { ...base, position, estimatedWaitSeconds }, retryAfter };
}
