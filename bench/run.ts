import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetConfigForTests } from "../lib/config";
import { prisma } from "../lib/db/prisma";
import { oneRow } from "../lib/db/rows";
import { seedDemoData } from "../lib/db/seed";
import { buildApp, DIST_DIR, needsBuild } from "./lib/build";
import { ledgerInvariants } from "./lib/checks";
import type { Ctx, ScenarioResult } from "./lib/context";
import { freePort, freshDatabase, type BenchDatabase } from "./lib/database";
import { writeLatestRun } from "./lib/docs";
import { LoadGenerator } from "./lib/load-client";
import { acquireRunLock } from "./lib/lock";
import { parseOptions } from "./lib/options";
import { formatProfile, newestProfiles, summariseProfile } from "./lib/profile";
import {
  allChecks,
  breakdownLines,
  checkLines,
  detailLines,
  loadAverage,
  machine,
  tableLines,
  type Report,
} from "./lib/report";
import { killAllSync, startApp, type RunningServer } from "./lib/server";
import { ceilings } from "./scenarios/s1-ceilings";
import { queueJoin } from "./scenarios/s2-join";
import { statusPoll } from "./scenarios/s3-status-poll";
import { seatMap } from "./scenarios/s4-seat-map";
import { reservationRace } from "./scenarios/s5-race";
import { payments } from "./scenarios/s6-payment";
import { ticketDrop } from "./scenarios/s7-drop";
import { fansHeld } from "./scenarios/s8-hold";
import { onSaleStart } from "./scenarios/s9-onsale";
import { clusterComparison } from "./scenarios/cluster";
import { measureUseCases, type Step } from "./scenarios/breakdown";

// `npm run bench [-- --quick]`: the production build against a fresh database, load from a separate
// process, every scenario of issue 6, a table of ratios to the framework's ceilings, a JSON file under
// bench/results/, and (full runs) docs/BENCHMARKS.md. Everything it starts is stopped at the end, on
// failure and on Ctrl-C.
const root = process.cwd();
const started = Date.now();
let loadAtStart = loadAverage();
const log = (line: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);

const SCENARIOS: {
  n: number;
  title: string;
  run: (ctx: Ctx) => Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">>;
}[] = [
  { n: 1, title: "ceilings: bare node:http and GET /api/health", run: ceilings },
  { n: 2, title: "queue join (distinct fans)", run: queueJoin },
  { n: 3, title: "status poll (waiting fans)", run: statusPoll },
  { n: 4, title: "seat map with ACTIVE tokens", run: seatMap },
  { n: 5, title: "reservation race (50 seats)", run: reservationRace },
  { n: 6, title: "payment with duplicate submissions", run: payments },
  { n: 7, title: "ticket drop", run: ticketDrop },
  { n: 8, title: "fans held at Retry-After pace", run: fansHeld },
  { n: 9, title: "on-sale start (pre-queue, draw, sell-out)", run: onSaleStart },
];

const HARD_LIMIT_SECONDS = { full: 660, quick: 240, tiny: 240 } as const;

let db: BenchDatabase | undefined;
let app: RunningServer | undefined;
let load: LoadGenerator | undefined;
let cleaning: Promise<void> | undefined;
let aborted = false;
let releaseLock: (() => void) | undefined;
const extraApps: RunningServer[] = [];

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (process.env.BENCH_DEBUG) log("cleanup: stopping the app");
    await app?.stop().catch(() => {});
    for (const extra of extraApps) await extra.stop().catch(() => {});
    load?.stop();
    if (process.env.BENCH_DEBUG) log("cleanup: dropping the database");
    if (db) await prisma.$disconnect().catch(() => {});
    await db?.drop();
    releaseLock?.();
    if (process.env.BENCH_DEBUG) log("cleanup: done");
  })();
  return cleaning;
}

process.on("exit", (code) => {
  if (process.env.BENCH_DEBUG) log(`exit ${code}`);
  killAllSync();
  releaseLock?.();
  load?.stop();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (aborted) return;
    aborted = true;
    log(`${signal}: stopping the server and dropping the database`);
    void cleanup()
      .catch((error: unknown) => log(`cleanup failed: ${error instanceof Error ? error.stack : String(error)}`))
      .finally(() => process.exit(130));
  });
}
process.on("uncaughtException", (error) => {
  console.error(`[bench] unexpected: ${error.stack ?? error.message}`);
  aborted = true;
  void cleanup().finally(() => process.exit(1));
});

/** The result a scenario just pushed (it pushes one whether it passed or failed). */
function lastResult(results: ScenarioResult[]): ScenarioResult {
  const last = results.at(-1);
  if (!last) throw new Error("no scenario result recorded");
  return last;
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  releaseLock = await acquireRunLock(root, log, HARD_LIMIT_SECONDS.full * 1000);
  const watchdog = setTimeout(() => {
    log(`hard time limit (${HARD_LIMIT_SECONDS[opts.mode]} s) reached: aborting`);
    void cleanup().finally(() => process.exit(2));
  }, HARD_LIMIT_SECONDS[opts.mode] * 1000);
  watchdog.unref();
  loadAtStart = loadAverage();
  if (loadAtStart > os.cpus().length * 0.5) {
    log(
      `warning: load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores: other work shares the CPU, absolute numbers will be low`,
    );
  }
  log(
    `mode ${opts.mode}: ${[...opts.only].join(",")}; identity ${opts.identity}${opts.profile ? "; CPU profiling (numbers are not comparable)" : ""}`,
  );

  if (!opts.noBuild && needsBuild(root)) {
    log(`building the production app into ${DIST_DIR} (sources changed since the last build)`);
    await buildApp(root, log);
  }

  db = await freshDatabase(log);
  log(`database: ${db.where}`);
  const authSecret = randomBytes(32).toString("base64url");
  const capacity = 100;
  const idleSeconds = 300;
  const serverEnv: Record<string, string> = {
    DATABASE_URL: db.url,
    AUTH_SECRET: authSecret,
    QUEUE_ACTIVE_CAPACITY: String(capacity),
    QUEUE_ADMIT_PER_SECOND: "",
    QUEUE_ACTIVE_TTL_SECONDS: "300",
    QUEUE_IDLE_TIMEOUT_SECONDS: String(idleSeconds),
    RESERVATION_HOLD_SECONDS: "300",
    MAX_HOLDS_PER_USER: "4",
    // Thousands of simulated fans from one address and a handful of keys: the limits against abuse would be
    // what is measured. (Scenario 7's fans hold for up to QUEUE_ACTIVE_MAX_SECONDS, 900 s by default.)
    RATE_LIMITS: "off",
    ...(opts.poolSize ? { DATABASE_POOL_SIZE: String(opts.poolSize) } : {}),
  };
  // The benchmark seeds with the project's own code, which reads the same settings as the server.
  Object.assign(process.env, serverEnv);
  resetConfigForTests();
  await seedDemoData(prisma);
  const { version } = oneRow(
    await prisma.$queryRaw<{ version: string }[]>`SELECT split_part(version(), ' on ', 1) AS version`,
    "server version",
  );

  load = new LoadGenerator(root);
  const port = await freePort(3300, 3309);
  const base = `http://127.0.0.1:${port}`;
  const runDir = path.join(root, "bench", "results");
  const stamp = new Date(started).toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const profileDir = path.join(runDir, "profiles", stamp);
  const start = async (profileName?: string) => {
    await app?.stop();
    app = undefined;
    app = await startApp({
      root,
      port,
      env: { ...serverEnv, NEXTAUTH_URL: base },
      cpuProfDir: profileName ? path.join(profileDir, profileName) : undefined,
    });
    return app;
  };
  await start();
  log(`next start on ${base} (pid ${app!.pids().join(",")})`);

  const dbName = new URL(db.url).pathname.slice(1);
  const ctx: Ctx = { opts, prisma, load, app: app!, base, authSecret, log, env: { capacity, idleSeconds }, dbName };
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    if (!opts.only.has(scenario.n)) continue;
    if (aborted) break;
    const t0 = Date.now();
    log(`scenario ${scenario.n}: ${scenario.title}`);
    if (opts.profile) ctx.app = await start(`s${scenario.n}`);
    try {
      const result = await scenario.run(ctx);
      results.push({ scenario: scenario.n, title: scenario.title, ...result, seconds: (Date.now() - t0) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (aborted) break;
      log(`scenario ${scenario.n} failed: ${message.split("\n").slice(0, 3).join(" / ")}`);
      results.push({
        scenario: scenario.n,
        title: scenario.title,
        rows: [],
        checks: [],
        details: {},
        seconds: (Date.now() - t0) / 1000,
        error: message,
      });
    }
    if (opts.profile) {
      const skipMs = app!.readyMs;
      await app!.stop();
      const profiles = newestProfiles(path.join(profileDir, `s${scenario.n}`));
      const last = lastResult(results);
      last.details.profiles = profiles.map((f) => summariseProfile(f, root, skipMs));
      for (const p of last.details.profiles as ReturnType<typeof summariseProfile>[])
        console.log(formatProfile(`scenario ${scenario.n}`, p));
      ctx.app = await start();
    }
    const last = lastResult(results);
    log(`scenario ${scenario.n} done in ${last.seconds.toFixed(1)} s${last.error ? " (FAILED)" : ""}`);
  }

  if (aborted) return 130;
  let breakdown: Step[] | undefined;
  if (opts.mode !== "tiny" && !opts.profile) {
    log("timing breakdown: each use case in-process, one call at a time");
    try {
      breakdown = await measureUseCases(prisma, db.url, authSecret, opts.mode === "full" ? 200 : 80);
    } catch (error) {
      log(`timing breakdown failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (aborted) return 130;
  let cluster: Report["cluster"];
  if (opts.cluster && !opts.profile && opts.only.has(3)) {
    log("one process per core: 1 vs 2 `next start` workers (Node cluster)");
    try {
      cluster = await clusterComparison(ctx, async (workers) => {
        const clusterPort = await freePort(port + 1, 3309);
        const clusterBase = `http://127.0.0.1:${clusterPort}`;
        const server = await startApp({
          root,
          port: clusterPort,
          workers,
          env: { ...serverEnv, NEXTAUTH_URL: clusterBase },
        });
        extraApps.push(server);
        return { server, base: clusterBase };
      });
    } catch (error) {
      cluster = { error: error instanceof Error ? error.message : String(error) };
      log(`cluster comparison failed: ${cluster.error}`);
    }
  }

  if (aborted) return 130;
  const ledger = await ledgerInvariants(prisma);
  results.push({ scenario: 0, title: "final database invariants", rows: [], checks: ledger, details: {}, seconds: 0 });

  const rows = results.flatMap((r) => r.rows);
  const ceilingsRps = {
    bareRps: rows.find((r) => r.id === "1a")?.rps ?? null,
    healthRps: rows.find((r) => r.id === "1b")?.rps ?? null,
  };
  const checks = allChecks(results);
  const failures = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail.split("\n")[0]}`);
  const report: Report = {
    tool: "ticketing bench",
    mode: opts.mode,
    startedAt: new Date(started).toISOString(),
    totalSeconds: (Date.now() - started) / 1000,
    machine: machine(version, db.where, loadAtStart),
    options: {
      ...opts,
      only: [...opts.only],
      sizes: opts.sizes,
      connections: opts.sizes.connections,
      seconds: opts.sizes.seconds,
    },
    ceilings: ceilingsRps,
    scenarios: results,
    cluster,
    breakdown,
    checks: { passed: checks.length - failures.length, failed: failures.length, failures },
    ok: failures.length === 0,
  };

  console.log("");
  for (const line of tableLines(rows, ceilingsRps)) console.log(line);
  if (cluster && "rows" in cluster) {
    console.log("");
    for (const line of tableLines(cluster.rows, ceilingsRps)) console.log(line);
    console.log(
      `one process per core: req/s gain with ${cluster.workers} processes: ${Object.entries(cluster.gains)
        .map(([k, g]) => `${k} x${g.toFixed(2)}`)
        .join(", ")}`,
    );
  }
  console.log("");
  for (const line of detailLines(results)) console.log(line);
  if (breakdown) {
    console.log("");
    for (const line of breakdownLines(breakdown)) console.log(line);
  }
  console.log("");
  for (const line of checkLines(results)) console.log(line);

  mkdirSync(runDir, { recursive: true });
  const jsonPath = path.join(runDir, `${stamp}-${opts.mode}.json`);
  report.totalSeconds = (Date.now() - started) / 1000;
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  if (opts.out) writeFileSync(path.resolve(opts.out), JSON.stringify(report, null, 2));
  log(`results: ${path.relative(root, jsonPath)}`);
  const complete =
    opts.mode === "full" && opts.only.size === 9 && !opts.profile && opts.identity === "cookie" && !opts.poolSize;
  if (complete) log(`updated ${path.relative(root, writeLatestRun(root, report, jsonPath))}`);
  log(
    `${report.checks.passed} checks passed, ${report.checks.failed} failed; ${report.totalSeconds.toFixed(0)} s in all`,
  );
  clearTimeout(watchdog);
  return report.ok ? 0 : 1;
}

main()
  .then(async (code) => {
    if (aborted) return;
    await cleanup();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    if (aborted) return; // the signal handler is cleaning up and exits
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanup();
    process.exit(1);
  });
