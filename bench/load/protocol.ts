// Messages between the benchmark (orchestrator) and its load-generator child process.
export type Req = { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };

export type Latency = { p50: number; p90: number; p99: number; max: number; mean: number };

export type CannonJob = {
  kind: "cannon";
  base: string;
  connections: number;
  /** Seconds of load; or `amount` requests exactly (one pass over `requests`). */
  duration?: number;
  amount?: number;
  /** Consumed in order across all connections, so each entry is sent once per pass. */
  requests: Req[];
  /** When set, this many seconds of the same requests first, not measured. */
  warmupSeconds?: number;
};

export type CannonResult = {
  requests: number;
  seconds: number;
  rps: number;
  latency: Latency;
  statuses: Record<string, number>;
  socketErrors: number;
  timeouts: number;
  /** The request list ran out and started over (the scenario needed more distinct fans). */
  wrapped: number;
  generatorCpuSeconds: number;
};

export type DropFan = { userId: number; headers: Record<string, string> };

export type DropJob = {
  kind: "drop";
  base: string;
  fans: DropFan[];
  concertId: number;
  scheduleId: number;
  seats: number;
  limitSeconds: number;
  maxSockets: number;
  /** The join's body (a dedicated room: `{ concertId }`); none joins the general room. */
  joinBody?: unknown;
  /** Also gathers the status polls answered within `windowMs` after `atEpochMs` (the on-sale start's burst). */
  burst?: { atEpochMs: number; windowMs: number };
};

export type DropFanResult = {
  userId: number;
  tokenId?: number;
  joinedAtMs?: number;
  admittedAtMs?: number;
  paidAtMs?: number;
  outcome: "bought" | "sold-out" | "gave-up" | "error" | "stopped" | "never-admitted";
  requests: number;
  error?: string;
};

export type DropResult = {
  fans: DropFanResult[];
  soldOutAtMs?: number;
  elapsedMs: number;
  requestsByKind: Record<string, number>;
  latencyByKind: Record<string, Latency>;
  latencyAll: Latency;
  statusesByKind: Record<string, Record<string, number>>;
  retryAfter: { min: number; median: number; max: number; missing: number };
  generatorCpuSeconds: number;
  /** The burst window's polls: latency, and how many were sent in each second of it. */
  burst?: { latency: Latency; polls: number; perSecond: number[] };
};

export type HoldJob = {
  kind: "hold";
  base: string;
  tokens: string[];
  steps: number[];
  stepSeconds: number;
  limitSeconds: number;
  p99LimitMs: number;
  maxSockets: number;
};

export type HoldStep = {
  fans: number;
  polls: number;
  rps: number;
  latency: Latency;
  statuses: Record<string, number>;
  retryAfterMedian: number;
  ok: boolean;
  generatorCpuSeconds: number;
};

export type HoldResult = { steps: HoldStep[]; held: number; stoppedBecause: string };

export type Job = CannonJob | DropJob | HoldJob;
export type JobMessage = { id: number; job: Job };
export type ResultMessage = { id: number; result?: unknown; error?: string };

export function latencyOf(samples: number[]): Latency {
  if (!samples.length) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => {
    const i = Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1));
    const value = sorted[i];
    if (value === undefined) throw new Error(`latency sample ${i} of ${sorted.length} is missing`);
    return value;
  };
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), mean };
}
