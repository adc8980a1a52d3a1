import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { resetConfigForTests } from "../lib/config";
import { prisma } from "../lib/db/prisma";
import { encodeQueueToken } from "../lib/queue/queue-token-codec";
import { buildApp, DIST_DIR, needsBuild } from "./lib/build";
import { freePort, freshDatabase, type BenchDatabase } from "./lib/database";
import { createFans, identityHeaders } from "./lib/fixtures";
import { LoadGenerator } from "./lib/load-client";
import { backendCpu, backendCpuSpent, startUsageSampler } from "./lib/proc";
import { startBareServer, type RunningServer } from "./lib/server";
import type { CannonResult, HoldResult, Req } from "./load/protocol";

// `npm run bench:queue [-- --seconds=8 --connections=64 --hold]`: endpoints 1-3 (issue 14) side by side, in
// one run so that ratios are comparable on a shared machine: bare node:http (the ceiling), then for each
// store (Postgres, Redis) and adapter (Next's route, the lean node:http adapter in front of Next, and the lean
// adapter as a process of its own) a queue join by distinct fans and a status poll by waiting fans, each with
// full identity and token checks. Server CPU and Postgres backend CPU per request come from /proc. `--hold`
// adds "fans held at Retry-After pace" (bench/load/hold.ts) for the lean adapter on Redis. Writes
// bench/results/<stamp>-queue.json; docs/BENCHMARKS.md quotes it.

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "true"] as const;
  }),
);
const SECONDS = Number(args.get("seconds") ?? 8);
const CONNECTIONS = Number(args.get("connections") ?? 64);
const FANS_PER_CONFIG = Number(args.get("fans") ?? 12_000);
const HOLD = args.has("hold");
/** Fans in line for the hold (`--hold-fans=120000`): the join run's waiting fans, the rest joined through the store. */
const HOLD_FANS = Number(args.get("hold-fans") ?? 8_000);
const ONLY = args.get("only")?.split(",");
/** The build to serve (default the benchmark's own; the HTTP tests' .next-http works too). */
const DIST = args.get("dist") ?? DIST_DIR;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const root = process.cwd();
const started = Date.now();
const log = (line: string) =>
  console.log(`[bench:queue ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);

type Config = { id: string; store: "postgres" | "redis"; adapter: "next" | "lean" | "lean-process" };
const CONFIGS: Config[] = (
  [
    { id: "pg-next", store: "postgres", adapter: "next" },
    { id: "pg-lean", store: "postgres", adapter: "lean" },
    { id: "redis-next", store: "redis", adapter: "next" },
    { id: "redis-lean", store: "redis", adapter: "lean" },
    { id: "redis-lean-process", store: "redis", adapter: "lean-process" },
  ] as Config[]
).filter((c) => !ONLY || ONLY.includes(c.id));

type Row = {
  config: string;
  scenario: "join" | "poll" | "bare";
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  cpuMsPerRequest: number;
  pgCpuMsPerRequest: number | null;
  ratioToBare?: number;
};

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

async function startServer(
  cfg: Config,
  env: Record<string, string>,
  port: number,
  prefix: string,
): Promise<RunningServer> {
  // The lean adapter in its own process: the waiting room's server (`npm run serve:queue`), no Next loaded.
  const script = cfg.adapter === "lean-process" ? ["scripts/serve.ts", "--queue"] : ["scripts/serve.ts"];
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", ...script], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      WEB_CONCURRENCY: "1",
      LEAN_QUEUE_ADAPTER: cfg.adapter === "next" ? "off" : "on",
      ...(cfg.store === "redis"
        ? { REDIS_URL, QUEUE_STORE: "redis", REDIS_QUEUE_PREFIX: prefix }
        : { REDIS_URL: "", QUEUE_STORE: "postgres" }),
    },
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cfg.id} exited:\n${output.slice(-3000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${cfg.id} did not start:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name: cfg.id,
    readyMs: 0,
    pids: () => (child.pid && child.exitCode === null ? [child.pid] : []),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      const force = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(force);
      children.delete(child);
    },
  };
}

async function measure(
  load: LoadGenerator,
  server: RunningServer | undefined,
  dbName: string | undefined,
  job: { base: string; requests: Req[]; amount?: number },
): Promise<{ result: CannonResult; cpuMs: number; pgCpuMs: number | null }> {
  const sampler = server ? startUsageSampler(server.pids) : undefined;
  const pgBefore = dbName ? backendCpu(dbName) : undefined;
  const result = await load.cannon({
    base: job.base,
    connections: CONNECTIONS,
    ...(job.amount ? { amount: job.amount } : { duration: SECONDS }),
    requests: job.requests,
  });
  const usage = sampler?.stop();
  const pgCpu = dbName && pgBefore ? backendCpuSpent(pgBefore, backendCpu(dbName)) : null;
  return {
    result,
    cpuMs: usage ? (usage.cpuSeconds * 1000) / Math.max(1, result.requests) : 0,
    pgCpuMs: pgCpu === null ? null : (pgCpu * 1000) / Math.max(1, result.requests),
  };
}

async function main() {
  if (DIST === DIST_DIR && needsBuild(root)) {
    log(`building the production app into ${DIST_DIR}`);
    await buildApp(root, log);
  }
  let db: BenchDatabase | undefined;
  const load = new LoadGenerator(root);
  const rows: Row[] = [];
  const loadStart = os.loadavg();
  const holds: Record<string, HoldResult> = {};
  try {
    db = await freshDatabase(log);
    const dbName = new URL(db.url).pathname.slice(1);
    const authSecret = randomBytes(32).toString("base64url");
    Object.assign(process.env, { DATABASE_URL: db.url, AUTH_SECRET: authSecret, RATE_LIMITS: "off" });
    resetConfigForTests();
    const env = {
      DATABASE_URL: db.url,
      AUTH_SECRET: authSecret,
      RATE_LIMITS: "off",
      QUEUE_ACTIVE_CAPACITY: "100",
      QUEUE_IDLE_TIMEOUT_SECONDS: "300",
      NEXTAUTH_URL: "http://127.0.0.1",
    };

    // Bare node:http is measured again right before each configuration, and each configuration's ratio is to
    // that run: on a shared machine the load moves between runs (interleaved, as in issue 14's measurement).
    const barePort = await freePort(3800, 3899);
    const measureBare = async (label: string) => {
      const bare = await startBareServer(root, barePort);
      const run = await measure(load, bare, undefined, {
        base: `http://127.0.0.1:${barePort}`,
        requests: [{ method: "GET", path: "/" }],
      });
      await bare.stop();
      rows.push(row(label, "bare", run));
      log(`${label}: ${run.result.rps.toFixed(0)} req/s`);
      return run.result.rps;
    };
    for (const cfg of CONFIGS) {
      const bareRps = await measureBare(`bare node:http (before ${cfg.id})`);
      await prisma.$executeRawUnsafe(`TRUNCATE queue_tokens, queue_departures`);
      await prisma.$executeRawUnsafe(`UPDATE queue_counters SET last_seq = 0, entrants = 0`);
      await prisma.$executeRawUnsafe(`UPDATE queue_admission SET last_tick_at = NULL, free_slots = 1`);
      const fans = await createFans(prisma, FANS_PER_CONFIG);
      // Session cookies, as browsers send them (a read of the session row per request, or of its entry in Redis's
      // session cache on the Redis store; an API key also writes its last use).
      const prefix = `bench:${randomBytes(4).toString("hex")}:`;
      // On Redis, the fans signed in as sign-in does it: their sessions are in the store's session cache.
      const headers = await identityHeaders(prisma, fans, "cookie", authSecret, (sessions) =>
        cfg.store === "redis" ? rememberSessions(prefix, sessions) : Promise.resolve(),
      );
      const port = await freePort(3800, 3899, [barePort]);
      const base = `http://127.0.0.1:${port}`;
      const server = await startServer(cfg, env, port, prefix);
      try {
        // Warm up: a few hundred polls of a token that does not exist (JIT, connections), not measured.
        await load.cannon({ base, connections: 8, duration: 2, requests: [statusReq(encodeQueueToken(1))] });
        const joinReqs: Req[] = fans.map((id, i) => ({
          method: "POST",
          path: `/api/queue/token/users/${id}`,
          headers: headers[i]!,
        }));
        const join = await measure(load, server, dbName, { base, requests: joinReqs });
        if (join.result.wrapped) log(`${cfg.id}: join ran out of distinct fans (the rest re-issued live tokens)`);
        rows.push(row(cfg.id, "join", join, bareRps));
        const tokens = await waitingTokens(cfg, prefix);
        const poll = await measure(load, server, dbName, { base, requests: tokens.map(statusReq) });
        rows.push(row(cfg.id, "poll", poll, bareRps));
        log(
          `${cfg.id}: join ${join.result.rps.toFixed(0)} req/s (${(join.result.rps / bareRps).toFixed(3)}x bare), ` +
            `poll ${poll.result.rps.toFixed(0)} req/s (${(poll.result.rps / bareRps).toFixed(3)}x bare, ` +
            `p99 ${poll.result.latency.p99} ms, pg ${poll.pgCpuMs?.toFixed(3)} ms/poll)`,
        );
        if (HOLD && cfg.store === "redis" && cfg.adapter !== "next") {
          const extra = Math.max(0, HOLD_FANS - tokens.length);
          if (extra > 0) log(`${cfg.id}: ${extra} more fans join the line through the store for the hold`);
          const holdTokens = [...tokens, ...(await joinThroughStore(prefix, extra, fans.length))];
          const steps = [HOLD_FANS / 4, HOLD_FANS / 2, HOLD_FANS].map(Math.floor);
          holds[cfg.id] = await load.hold({
            base,
            tokens: holdTokens,
            steps: steps.filter((n) => n > 0 && n <= holdTokens.length),
            // Far back in line a fan polls every 30 s: a step must outlast a few rounds of that.
            stepSeconds: HOLD_FANS > 8_000 ? 40 : 10,
            limitSeconds: HOLD_FANS > 8_000 ? 200 : 60,
            p99LimitMs: 250,
            maxSockets: 512,
          });
          const held = holds[cfg.id]!;
          const stepLines = held.steps.map(
            (st) =>
              `${st.fans} fans: ${st.rps.toFixed(0)} polls/s, p99 ${st.latency.p99.toFixed(0)} ms, Retry-After ~${st.retryAfterMedian} s, ${JSON.stringify(st.statuses)}`,
          );
          log(`${cfg.id}: held ${held.held} (${held.stoppedBecause})\n  ${stepLines.join("\n  ")}`);
        }
      } finally {
        await server.stop();
        if (cfg.store === "redis") await deleteKeys(prefix);
      }
    }
  } finally {
    load.stop();
    await prisma.$disconnect().catch(() => {});
    await db?.drop();
  }
  const report = {
    tool: "bench:queue",
    startedAt: new Date(started).toISOString(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      loadAverageAtStart: loadStart,
      loadAverageAtEnd: os.loadavg(),
    },
    rows,
    holds,
  };
  console.log("");
  console.log(
    "| config | scenario | req/s | x bare | p50 ms | p99 ms | server CPU ms/req | Postgres CPU ms/req | statuses |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---|");
  for (const r of rows) {
    console.log(
      `| ${r.config} | ${r.scenario} | ${r.rps.toFixed(0)} | ${r.ratioToBare?.toFixed(3) ?? "1"} | ${r.p50} | ${r.p99} | ${r.cpuMsPerRequest.toFixed(3)} | ${r.pgCpuMsPerRequest?.toFixed(3) ?? "-"} | ${JSON.stringify(r.statuses)} |`,
    );
  }
  const dir = path.join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date(started).toISOString().replace(/[:.]/g, "-").slice(0, 19)}-queue.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  if (args.get("out")) writeFileSync(path.resolve(args.get("out")!), JSON.stringify(report, null, 2));
  log(`results: ${path.relative(root, file)}; load average ${loadStart.map((l) => l.toFixed(1)).join(" ")} at start`);
}

function statusReq(token: string): Req {
  return { method: "GET", path: "/api/queue/status", headers: { authorization: `Bearer ${token}` } };
}

async function rememberSessions(prefix: string, sessions: { id: string; userId: number }[]): Promise<void> {
  const { SessionCache } = await import("../lib/auth/session-cache");
  const redis = new Redis(REDIS_URL);
  try {
    const cache = new SessionCache(redis, prefix);
    for (let i = 0; i < sessions.length; i += 1_000) {
      await Promise.all(sessions.slice(i, i + 1_000).map((s) => cache.remember(s.id, s.userId, true)));
    }
  } finally {
    await redis.quit();
  }
}

/** The tokens still WAIT after the join run, from the store that holds them, in line order. */
async function waitingTokens(cfg: Config, prefix: string): Promise<string[]> {
  if (cfg.store === "postgres") {
    const rows = await prisma.$queryRaw<
      { id: number }[]
    >`SELECT id FROM queue_tokens WHERE status = 'WAIT' ORDER BY seq`;
    return rows.map((r) => encodeQueueToken(r.id));
  }
  const redis = new Redis(REDIS_URL);
  try {
    return (await redis.zrange(`${prefix}line:1`, 0, -1)).map((id) => encodeQueueToken(Number(id)));
  } finally {
    await redis.quit();
  }
}

/**
 * `count` more waiting fans for the hold, joined through the Redis store itself (as the server would, without
 * HTTP: the hold measures polls, and 100,000 joins over HTTP would take minutes). User ids past the real fans'.
 */
async function joinThroughStore(prefix: string, count: number, offset: number): Promise<string[]> {
  if (count === 0) return [];
  const { RedisQueueStore } = await import("../lib/queue/redis-queue-store");
  const { GENERAL_ROOM_ID } = await import("../lib/queue/room-rules");
  const store = RedisQueueStore.connect(REDIS_URL, prisma, prefix);
  const tokens: string[] = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < count) {
          const userId = 50_000_000 + offset + next++;
          const now = new Date();
          const created = await store.createToken(userId, GENERAL_ROOM_ID, now, new Date(now.getTime() + 300_000));
          if (created && created !== "draw pending") tokens.push(encodeQueueToken(created.token.id));
        }
      }),
    );
  } finally {
    await store.close();
  }
  return tokens;
}

async function deleteKeys(prefix: string): Promise<void> {
  const { deleteQueueKeys } = await import("../lib/queue/redis-queue-store");
  const redis = new Redis(REDIS_URL);
  try {
    await deleteQueueKeys(redis, prefix);
  } finally {
    await redis.quit();
  }
}

function row(config: string, scenario: Row["scenario"], m: Awaited<ReturnType<typeof measure>>, bareRps?: number): Row {
  return {
    config,
    scenario,
    rps: m.result.rps,
    p50: m.result.latency.p50,
    p99: m.result.latency.p99,
    statuses: m.result.statuses,
    cpuMsPerRequest: m.cpuMs,
    pgCpuMsPerRequest: m.pgCpuMs,
    ratioToBare: bareRps ? m.result.rps / bareRps : undefined,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
