import "server-only";
import { config } from "../config";
import { drawOrder } from "./draw-formula";
import { tickDue, TICK_INTERVAL_MS } from "./queue-rules";
import type { AdmissionOutcome } from "./queue-store";
import { queueStore } from "./queue-store-instance";

type TickOptions = { wait: boolean; force?: boolean; retireTokenId?: number; forTokenId?: number };

/**
 * One admission tick of one room: retire lapsed tokens and admit the earliest WAIT tokens into free
 * capacity. Requests drive it (a join, or a poll once a second); correctness never depends on it running,
 * since a lapsed token reads EXPIRED by itself and a lapsed ACTIVE token stops counting against capacity.
 * Knobs come from the room's row at every tick (no cache), the environment filling NULL columns. The first
 * tick at or after a room's sale start runs its pre-queue draw, then admits.
 */
export async function admitWaitingFans(
  roomId: number,
  now: Date,
  options: TickOptions,
): Promise<AdmissionOutcome | null> {
  const env = config();
  const tick = () =>
    queueStore().admit({
      roomId,
      now,
      envCapacity: env.QUEUE_ACTIVE_CAPACITY,
      envAdmitPerSecond: env.QUEUE_ADMIT_PER_SECOND ?? null,
      wait: options.wait,
      minIntervalMs: options.force ? 0 : TICK_INTERVAL_MS,
      activeTtlSeconds: env.QUEUE_ACTIVE_TTL_SECONDS,
      retireTokenId: options.retireTokenId,
      forTokenId: options.forTokenId,
    });
  const outcome = await tick();
  if (!outcome?.drawDue) return outcome;
  await runDrawIfDue(roomId, now);
  return tick();
}

/** The room's pre-queue draw, if its sale has started and it has not run (idempotent; see the store). */
export async function runDrawIfDue(roomId: number, now: Date): Promise<void> {
  await queueStore().runDraw(roomId, now, drawOrder);
}

// Per process and room, at most one poll-driven tick in flight: the rest of this process's polls of that
// room answer at once. Only an efficiency measure; the database lock is what keeps ticks apart.
const inFlight = new Set<number>();

/** The poll-driven tick: only when the room's last one is a second old, never waiting for a busy lock. */
export async function admitIfDue(roomId: number, lastTickAt: Date | null, now: Date): Promise<AdmissionOutcome | null> {
  if (inFlight.has(roomId) || !tickDue(lastTickAt, now)) return null;
  inFlight.add(roomId);
  try {
    return await admitWaitingFans(roomId, now, { wait: false });
  } finally {
    inFlight.delete(roomId);
  }
}
