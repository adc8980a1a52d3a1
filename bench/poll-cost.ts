import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { resetConfigForTests } from "../lib/config";
import { prisma } from "../lib/db/prisma";
import { encodeQueueToken } from "../lib/queue/queue-token-codec";
import { freePort, freshDatabase } from "./lib/database";
import { createFans, identityHeaders } from "./lib/fixtures";
import { LoadGenerator } from "./lib/load-client";
import { backendCpu, backendCpuSpent } from "./lib/proc";
import type { Req } from "./load/protocol";

// Why a status poll costs Postgres ~1.1 ms of CPU under load and ~0.13 ms alone (issue 14): the same polls,
// Postgres store, lean adapter (so Next's cost is out of the picture), measured as Postgres backend CPU per
// poll (/proc schedstat of this database's backends) at 1 and 64 connections, under the default plan cache
// mode and with plan_cache_mode = force_generic_plan, plus what the backends wait on during the load
// (pg_stat_activity sampled every 20 ms) and EXPLAIN ANALYZE's planning vs execution time of the poll
// statement. `npx tsx --conditions=react-server bench/poll-cost.ts --dist=.next-http`.

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const DIST = args.get("dist") ?? ".next-bench";
const FANS = Number(args.get("fans") ?? 3000);
const SECONDS = Number(args.get("seconds") ?? 6);
const log = (line: string) => console.log(`[poll-cost] ${line}`);

async function main() {
  const db = await freshDatabase(log);
  const dbName = new URL(db.url).pathname.slice(1);
  const secret = randomBytes(32).toString("base64url");
  Object.assign(process.env, { DATABASE_URL: db.url, AUTH_SECRET: secret, RATE_LIMITS: "off" });
  resetConfigForTests();
  const load = new LoadGenerator(process.cwd());
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const results: Record<string, unknown>[] = [];
  try {
    const fans = await createFans(prisma, FANS);
    const headers = await identityHeaders(prisma, fans, "apikey", secret);
    for (const mode of ["auto", "force_generic_plan"]) {
      await admin.query(`ALTER DATABASE "${dbName}" SET plan_cache_mode = '${mode}'`);
      await prisma.$executeRawUnsafe(`TRUNCATE queue_tokens, queue_departures`);
      await prisma.$executeRawUnsafe(`UPDATE queue_counters SET last_seq = 0`);
      const port = await freePort(3850, 3899);
      const base = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
        detached: true,
        stdio: "ignore",
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_DIST_DIR: DIST,
          PORT: String(port),
          HOSTNAME: "127.0.0.1",
          WEB_CONCURRENCY: "1",
          LEAN_QUEUE_ADAPTER: "on",
          REDIS_URL: "",
          QUEUE_STORE: "postgres",
          QUEUE_ACTIVE_CAPACITY: "100",
          NEXTAUTH_URL: base,
        },
      });
      try {
        for (let i = 0; i < 300; i++) {
          if (
            await fetch(`${base}/api/health`).then(
              (r) => r.ok,
              () => false,
            )
          )
            break;
          await new Promise((r) => setTimeout(r, 200));
        }
        await load.cannon({
          base,
          connections: 16,
          amount: FANS,
          requests: fans.map((id, i) => ({
            method: "POST",
            path: `/api/queue/token/users/${id}`,
            headers: headers[i]!,
          })),
        });
        const ids = (await prisma.$queryRaw<{ id: number }[]>`SELECT id FROM queue_tokens WHERE status = 'WAIT'`).map(
          (r) => r.id,
        );
        const polls: Req[] = ids.map((id) => ({
          method: "GET",
          path: "/api/queue/status",
          headers: { authorization: `Bearer ${encodeQueueToken(id)}` },
        }));
        for (const connections of [1, 64]) {
          await load.cannon({ base, connections, duration: 2, requests: polls }); // warm: plans cached
          const waits = new Map<string, number>();
          let sampling = true;
          const sampler = (async () => {
            while (sampling) {
              const rows = await admin.query<{ w: string }>(
                `SELECT coalesce(wait_event_type || ':' || wait_event, state) AS w FROM pg_stat_activity
                 WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
                [dbName],
              );
              for (const r of rows.rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
              await new Promise((r) => setTimeout(r, 20));
            }
          })();
          const before = backendCpu(dbName);
          const run = await load.cannon({ base, connections, duration: SECONDS, requests: polls });
          const cpu = backendCpuSpent(before, backendCpu(dbName));
          sampling = false;
          await sampler;
          const row = {
            planCacheMode: mode,
            connections,
            rps: Math.round(run.rps),
            p99: run.latency.p99,
            pgCpuMsPerPoll: Number(((cpu * 1000) / run.requests).toFixed(3)),
            waits: Object.fromEntries([...waits].sort((a, b) => b[1] - a[1]).slice(0, 6)),
          };
          results.push(row);
          log(JSON.stringify(row));
        }
        // One poll statement under EXPLAIN ANALYZE (the same text the store sends), planning vs execution.
        const sample = ids[Math.floor(ids.length / 2)]!;
        const now = new Date().toISOString();
        const later = new Date(Date.now() + 300_000).toISOString();
        const gap = new Date(Date.now() + 295_000).toISOString();
        const explain = await admin.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
          WITH me AS (SELECT id, user_id, room_id, seq, status, created_at, expires_at FROM queue_tokens WHERE id = ${sample}),
          touched AS (UPDATE queue_tokens SET last_seen_at = '${now}', expires_at = '${later}'
            WHERE id = ${sample} AND status = 'WAIT' AND expires_at > '${now}' AND expires_at <= '${gap}' RETURNING expires_at)
          SELECT me.id, (SELECT COALESCE(sum(d.count), 0)::int FROM queue_departures d WHERE d.room_id = me.room_id AND d.node IN (
            SELECT ((me.seq::bigint - 1) >> k) << k FROM generate_series(0, 31) AS k WHERE ((me.seq::bigint - 1) >> k) & 1 = 1)),
            a.last_tick_at, r.paused, c.entrants, (SELECT expires_at FROM touched)
          FROM me JOIN queue_rooms r ON r.id = me.room_id LEFT JOIN queue_admission a ON a.room_id = me.room_id
          LEFT JOIN queue_counters c ON c.room_id = me.room_id`,
        );
        const plan = explain.rows.map((r) => r["QUERY PLAN"]);
        const timing = plan.filter((l) => /Planning Time|Execution Time|Buffers: shared/.test(l)).slice(-3);
        results.push({ planCacheMode: mode, explain: timing });
        log(`${mode}: ${timing.join(" | ")}`);
      } finally {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
        await new Promise((r) => setTimeout(r, 1500));
        if (child.pid) {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // gone
          }
        }
      }
    }
  } finally {
    load.stop();
    await admin.end();
    await prisma.$disconnect();
    await db.drop();
  }
  log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
