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
import { queueStore } from "./queue-store-instance";

/**
 * Endpoint 3, the hottest path: one database statement reads the token, refreshes a WAIT token's idle
 * deadline when it moved by a few seconds, and sums the departures ahead (O(log n), see
 * postgres-queue-store.ts). About once a second per database, one poll also runs the admission tick.
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
  const outcome = await admitIfDue(row.lastTickAt, now);
  if (outcome && row.status === "WAIT" && (outcome.admitted.length > 0 || outcome.expiredWaiting > 0)) {
    row = (await read()) ?? row;
  }
  const status = effectiveStatus(row.status, row.expiresAt, now);
  const expiresAt = row.expiresAt;

  const position = status === "WAIT" ? queuePosition(row.seq, row.departedAhead ?? 0) : 0;
  const estimatedWaitSeconds =
    status === "WAIT"
      ? estimateWaitSeconds(position, observedAdmissionRate(row.window, now), row.paused)
      : status === "ACTIVE"
        ? 0
        : null;
  const retryAfter = retryAfterSeconds({
    status,
    position,
    estimatedWaitSeconds,
    expiresAt,
    now,
    idleTimeoutSeconds: idle,
  });
  return {
    body: {
      queueId: row.id,
      createdAt: row.createdAt.toISOString(),
      status,
      position,
      estimatedWaitSeconds,
      expiredAt: expiresAt.toISOString(),
    },
    retryAfter,
  };
}
