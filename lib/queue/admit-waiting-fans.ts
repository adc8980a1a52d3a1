import "server-only";
import { config } from "../config";
import { tickDue, TICK_INTERVAL_MS } from "./queue-rules";
import type { AdmissionOutcome } from "./queue-store";
import { queueStore } from "./queue-store-instance";

/**
 * One admission tick: retire lapsed tokens and admit the earliest WAIT tokens into free capacity.
 * Requests drive it (a join, or a poll once a second); correctness never depends on it running, since
 * a lapsed token reads EXPIRED by itself and a lapsed ACTIVE token stops counting against capacity.
 * Knobs come from `queue_settings` at every tick (no cache), the environment filling NULL columns.
 */
export async function admitWaitingFans(
  now: Date,
  options: { wait: boolean; force?: boolean; retireTokenId?: number; forTokenId?: number },
): Promise<AdmissionOutcome | null> {
  const env = config();
  return queueStore().admit({
    now,
    envCapacity: env.QUEUE_ACTIVE_CAPACITY,
    envAdmitPerSecond: env.QUEUE_ADMIT_PER_SECOND ?? null,
    wait: options.wait,
    minIntervalMs: options.force ? 0 : TICK_INTERVAL_MS,
    activeTtlSeconds: env.QUEUE_ACTIVE_TTL_SECONDS,
    retireTokenId: options.retireTokenId,
    forTokenId: options.forTokenId,
  });
}

// Per process, at most one poll-driven tick in flight: the rest of this process's polls answer at once.
// Only an efficiency measure; the database lock is what keeps ticks apart.
let inFlight = false;

/** The poll-driven tick: only when the last one is a second old, never waiting for a busy lock. */
export async function admitIfDue(lastTickAt: Date | null, now: Date): Promise<AdmissionOutcome | null> {
  if (inFlight || !tickDue(lastTickAt, now)) return null;
  inFlight = true;
  try {
    return await admitWaitingFans(now, { wait: false });
  } finally {
    inFlight = false;
  }
}
