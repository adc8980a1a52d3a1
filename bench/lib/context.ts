import type { PrismaClient } from "../../lib/db/generated/client";
import type { CannonJob, CannonResult, Latency } from "../load/protocol";
import { dbCounters, type Check } from "./checks";
import type { LoadGenerator } from "./load-client";
import type { Options } from "./options";
import { backendCpu, backendCpuSpent, startUsageSampler } from "./proc";
import type { RunningServer } from "./server";

// What every scenario gets, and the one way a throughput row is measured.
export type Ctx = {
  opts: Options;
  prisma: PrismaClient;
  load: LoadGenerator;
  app: RunningServer;
  base: string;
  authSecret: string;
  log: (line: string) => void;
  /** Settings the server runs with (the scenarios size their data from them). */
  env: { capacity: number; idleSeconds: number };
  /** The benchmark database's name (its PostgreSQL backends carry it in their process title). */
  dbName: string;
};

export type ServerUsage = {
  peakRssMb: number;
  endRssMb: number;
  cpuSeconds: number;
  cpuMsPerRequest: number;
  cpuPercentOfOneCore: number;
};

export type Row = {
  id: string;
  scenario: number;
  label: string;
  requests: number;
  seconds: number;
  rps: number;
  latency: Latency;
  statuses: Record<string, number>;
  socketErrors: number;
  server: ServerUsage;
  generatorCpuPercentOfOneCore: number;
  /** Approximate (pg_stat_database is flushed lazily): transactions and rows per request. */
  db?: { xactsPerRequest: number; rowsReadPerRequest: number; rowsWrittenPerRequest: number; cpuMsPerRequest: number };
  /** Load paced by the fans themselves (scenarios 7, 8): not a maximum, so no ratio to the ceilings. */
  paced?: boolean;
  notes: string[];
};

export type ScenarioResult = {
  scenario: number;
  title: string;
  rows: Row[];
  checks: Check[];
  details: Record<string, unknown>;
  seconds: number;
  error?: string;
  skipped?: string;
};

/** Runs one autocannon job (after an unmeasured warm-up when given) and reads the server's cost around it. */
export async function measureCannon(
  ctx: Ctx,
  row: { id: string; scenario: number; label: string },
  job: Omit<CannonJob, "kind" | "base" | "connections" | "warmupSeconds"> & { connections?: number; base?: string },
  options: {
    warmup?: Req[] | "same";
    server?: RunningServer;
    db?: boolean;
    /** Each request is a different fan: say so when the list ran out. */ distinct?: boolean;
  } = {},
): Promise<Row> {
  const server = options.server ?? ctx.app;
  const base = job.base ?? ctx.base;
  const connections = job.connections ?? ctx.opts.sizes.connections;
  if (options.warmup) {
    // First one request per connection, however long a cold route takes to load; then warm for a while.
    const requests = options.warmup === "same" ? job.requests : options.warmup;
    const prime = options.warmup === "same" ? connections : Math.min(requests.length, connections);
    await ctx.load.cannon({
      base,
      connections: prime,
      requests: options.warmup === "same" ? requests : requests.slice(0, prime),
      amount: prime,
    });
    const rest = options.warmup === "same" ? requests : requests.slice(prime);
    if (rest.length) {
      const warm = await ctx.load.cannon({ base, connections, requests: rest, duration: ctx.opts.sizes.warmupSeconds });
      if (process.env.BENCH_DEBUG)
        ctx.log(
          `warm-up of ${row.id}: ${warm.requests} requests ${JSON.stringify(warm.statuses)} p50 ${warm.latency.p50} ms`,
        );
    }
  }
  const useDb = options.db ?? true;
  const before = useDb ? await dbCounters(ctx.prisma) : undefined;
  const backendsBefore = backendCpu(ctx.dbName);
  const sampler = startUsageSampler(server.pids);
  const result = await ctx.load.cannon({ ...job, base, connections });
  const usage = sampler.stop();
  const dbCpuSeconds = backendCpuSpent(backendsBefore, backendCpu(ctx.dbName));
  let db: Row["db"];
  if (before) {
    // Backends report their counters at most once a second; give the last ones time to arrive.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await dbCounters(ctx.prisma);
    const n = Math.max(1, result.requests);
    db = {
      xactsPerRequest: (after.xacts - before.xacts) / n,
      rowsReadPerRequest: (after.returned + after.fetched - before.returned - before.fetched) / n,
      rowsWrittenPerRequest: (after.written - before.written) / n,
      cpuMsPerRequest: (dbCpuSeconds * 1000) / n,
    };
  }
  if (result.requests === 0) ctx.log(`warning: ${row.id} completed no request in ${result.seconds} s`);
  return toRow(row, result, usage, db, options.distinct);
}

type Req = CannonJob["requests"][number];

function toRow(
  row: { id: string; scenario: number; label: string },
  result: CannonResult,
  usage: { peakRssMb: number; endRssMb: number; cpuSeconds: number },
  db?: Row["db"],
  distinct = false,
): Row {
  const notes: string[] = [];
  if (result.wrapped && distinct) notes.push(`request list reused ${result.wrapped}x (more distinct fans needed)`);
  if (result.socketErrors) notes.push(`${result.socketErrors} socket errors, ${result.timeouts} timeouts`);
  return {
    ...row,
    requests: result.requests,
    seconds: result.seconds,
    rps: result.rps,
    latency: result.latency,
    statuses: result.statuses,
    socketErrors: result.socketErrors,
    server: {
      peakRssMb: usage.peakRssMb,
      endRssMb: usage.endRssMb,
      cpuSeconds: usage.cpuSeconds,
      cpuMsPerRequest: result.requests ? (usage.cpuSeconds * 1000) / result.requests : 0,
      cpuPercentOfOneCore: (usage.cpuSeconds / result.seconds) * 100,
    },
    generatorCpuPercentOfOneCore: (result.generatorCpuSeconds / result.seconds) * 100,
    db,
    notes,
  };
}

export function statusSummary(
  statuses: Record<string, number>,
  ok: (status: number) => boolean = (s) => s >= 200 && s < 300,
): string {
  const bad = Object.entries(statuses).filter(([s]) => !ok(Number(s)));
  return bad.length ? bad.map(([s, n]) => `${s}x${n}`).join(" ") : "-";
}
