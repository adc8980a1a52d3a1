// The waiting room's rules as pure functions of their inputs and an injected `now`, so they are tested
// without a database or a real clock. Storage (queue-store.ts) supplies the numbers; these decide.

export type QueueStatusValue = "WAIT" | "ACTIVE" | "EXPIRED";

/** A live row whose deadline has passed reads EXPIRED at once: no job has to run first. */
export function effectiveStatus(status: QueueStatusValue, expiresAt: Date, now: Date): QueueStatusValue {
  return status !== "EXPIRED" && expiresAt.getTime() <= now.getTime() ? "EXPIRED" : status;
}

/** A WAIT token stays in line until this long after its owner last showed up. */
export function idleDeadline(now: Date, idleTimeoutSeconds: number): Date {
  return new Date(now.getTime() + idleTimeoutSeconds * 1000);
}

/**
 * A poll moves the idle deadline only when it would move by at least this much, so most polls of fans
 * near the front (every 2 s) do not write. The deadline is therefore at most this much early.
 */
export function refreshGapSeconds(idleTimeoutSeconds: number): number {
  return Math.max(0, Math.min(5, Math.floor(idleTimeoutSeconds / 10)));
}

/**
 * `position` = 1 + live WAIT tokens ahead. Join numbers are dense (1, 2, 3, ... with no gaps), so the
 * tokens ahead of number `seq` are `seq - 1` minus those of them that already left the line.
 */
export function queuePosition(seq: number, departedAhead: number): number {
  return Math.max(1, seq - departedAhead);
}

// ---- Observed admission rate: a two-bucket sliding window (the usual rate-limiter approximation).

export const ADMISSION_WINDOW_SECONDS = 120;

export type AdmissionWindow = { startedAt: Date | null; count: number; previousCount: number };

/** The window as of `now`: whole windows that have passed shift the counts out (queue_admit rolls it the same way). */
export function rollWindow(
  window: AdmissionWindow,
  now: Date,
  windowSeconds = ADMISSION_WINDOW_SECONDS,
): AdmissionWindow {
  const span = windowSeconds * 1000;
  if (window.startedAt === null) return { startedAt: now, count: 0, previousCount: 0 };
  const elapsed = now.getTime() - window.startedAt.getTime();
  if (elapsed < span) return window;
  const windows = Math.floor(elapsed / span);
  return {
    startedAt: new Date(window.startedAt.getTime() + windows * span),
    count: 0,
    previousCount: windows === 1 ? window.count : 0,
  };
}

/**
 * Admissions per second over the last window: the current bucket plus the part of the previous bucket
 * still inside the window. Null when nothing was admitted in that time: no history, no estimate.
 */
export function observedAdmissionRate(
  window: AdmissionWindow,
  now: Date,
  windowSeconds = ADMISSION_WINDOW_SECONDS,
): number | null {
  const rolled = rollWindow(window, now, windowSeconds);
  if (rolled.startedAt === null) return null;
  const span = windowSeconds * 1000;
  const into = Math.min(span, Math.max(0, now.getTime() - rolled.startedAt.getTime()));
  const admitted = rolled.count + rolled.previousCount * (1 - into / span);
  return admitted > 0 ? admitted / windowSeconds : null;
}

/** Seconds until a fan at `position` is admitted at the observed rate; null when there is no rate or admission is paused. */
export function estimateWaitSeconds(position: number, ratePerSecond: number | null, paused: boolean): number | null {
  if (paused || ratePerSecond === null || ratePerSecond <= 0) return null;
  return Math.ceil(position / ratePerSecond);
}

// ---- Server-paced polling.

const MIN_POLL_SECONDS = 2;
const MAX_POLL_SECONDS = 30;

const POLL_TIERS: ReadonlyArray<readonly [maxPosition: number, seconds: number]> = [
  [10, 2],
  [100, 5],
  [1_000, 10],
  [10_000, 20],
];

/**
 * `Retry-After` for a status response. Fans near the front poll every 2 s, far back every 30 s, so
 * 100k waiting fans cost a few thousand polls a second rather than 50k. A fan about to be admitted
 * polls at least twice within their estimated wait (their ACTIVE time starts at admission, so a late
 * poll would waste it), and no fan is told to wait so long that their idle timeout would lapse.
 */
export function retryAfterSeconds(input: {
  status: QueueStatusValue;
  position: number;
  estimatedWaitSeconds: number | null;
  expiresAt: Date;
  now: Date;
  idleTimeoutSeconds: number;
}): number {
  const ceiling = Math.max(1, Math.min(MAX_POLL_SECONDS, Math.floor(input.idleTimeoutSeconds / 3)));
  const clamp = (s: number) => Math.max(1, Math.min(ceiling, Math.floor(s)));
  if (input.status === "EXPIRED") return ceiling;
  if (input.status === "ACTIVE") return clamp(Math.ceil((input.expiresAt.getTime() - input.now.getTime()) / 1000));
  const byPosition = POLL_TIERS.find(([max]) => input.position <= max)?.[1] ?? MAX_POLL_SECONDS;
  const byEstimate =
    input.estimatedWaitSeconds === null ? Infinity : Math.max(MIN_POLL_SECONDS, input.estimatedWaitSeconds / 2);
  return clamp(Math.min(byPosition, byEstimate));
}

// ---- Admission (the tick itself runs inside the store: queue_admit in the Postgres migration).

/** A request-driven tick runs at most this often (per database; racing processes skip via a try-lock). */
export const TICK_INTERVAL_MS = 1_000;

export function tickDue(lastTickAt: Date | null, now: Date): boolean {
  return lastTickAt === null || now.getTime() - lastTickAt.getTime() >= TICK_INTERVAL_MS;
}
