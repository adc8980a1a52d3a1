// What one status poll pays to learn a fan's place in line: the Fenwick-tree sum over queue_departures (what
// lib/queue/postgres-queue-store.ts runs) against a plain count of the waiting line through the partial index
// queue_tokens_waiting_seq_idx, at several line lengths, for the fan at the back of the line (the count's
// worst case). Numbers are in docs/decisions/0002-waiting-room-capacity-and-position.md.
//
//   npx tsx scripts/measure-position-cost.ts [--sizes=10000,100000,1000000] [--runs=200] [--budget-s=20]
//
// Needs a PostgreSQL server (MEASURE_SERVER_URL, default postgresql://postgres@127.0.0.1:5432/postgres) where
// it may create and drop a database of its own (measure_position_<pid>); nothing else is touched.
//
// Each line length gets a fresh migrated database, filled in bulk with SQL:
//   - the first joins, as many as a tenth of the line asked for, have left it by admission (the last 100
//     of them still ACTIVE, the rest EXPIRED after shopping);
//   - after them every tenth fan has left by idling out (EXPIRED), the others are WAIT; the count of WAIT
//     rows is exactly the size asked for;
//   - join numbers are written directly (the seq trigger is off during the bulk insert, the counter row is
//     set afterwards) and the departures tree is filled with the very statement the queue-engine migration
//     uses, so every non-WAIT token is counted once, as queue_admit would have counted it. The script checks
//     that both queries give the same position before timing them.
// Two states of the table are measured:
//   - "vacuumed": right after VACUUM ANALYZE (every page all-visible: the count's best case);
//   - "live": after every WAIT row was refreshed once the way a poll refreshes it (new expires_at), then
//     ANALYZE but no vacuum, as between two autovacuum runs on a busy line (dead index entries, pages no longer
//     all-visible, so an index-only scan must visit the heap).
// Autovacuum is off on the measured tables so that the state does not change half-way through a series.
// Each series runs both statements alternately as named prepared statements on one connection (as the app
// does), `runs` times each or until `budget-s` seconds have passed (at least 30 runs), then each once under
// EXPLAIN (ANALYZE, BUFFERS) of that same prepared statement. Times are client round trips on 127.0.0.1.
import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations, createDatabase, dropDatabase } from "../lib/db/migrate";
import { oneRow } from "../lib/db/rows";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }),
);
const server = process.env.MEASURE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const sizes = (args.sizes ?? "10000,100000,1000000").split(",").map(Number);
const runs = Number(args.runs ?? 200);
const budgetMs = Number(args["budget-s"] ?? 20) * 1000;
const MIN_RUNS = 30;
const ACTIVE_NOW = 100;

// Exactly the Fenwick prefix sum of departedAheadSql (lib/queue/postgres-queue-store.ts).
const FENWICK = `SELECT COALESCE(sum(d.count), 0)::int AS n FROM queue_departures d
  WHERE d.node IN (SELECT (($1::bigint - 1) >> k) << k FROM generate_series(0, 31) AS k
    WHERE (($1::bigint - 1) >> k) & 1 = 1)`;
const COUNT = `SELECT count(*)::int AS n FROM queue_tokens WHERE status = 'WAIT' AND seq < $1`;

type Explained = { plan: string; buffers: number; read: number; heapFetches: number; execMs: number };
type Series = { medianMs: number; p99Ms: number; runs: number; explain: Explained };
type Row = { waiting: number; state: string; fenwick: Series; count: Series; position: number; treeRows: number };

let current: string | undefined;
async function cleanUp() {
  if (current) await dropDatabase(server, current).catch(() => {});
  current = undefined;
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/** Join numbers 1..total: departed front, then every tenth of the rest lapsed; `waiting` WAIT rows exactly. */
function layout(waiting: number) {
  const front = Math.round(waiting / 10);
  let rest = Math.ceil((waiting * 10) / 9);
  while (rest - Math.floor(rest / 10) > waiting) rest--;
  while (rest - Math.floor(rest / 10) < waiting) rest++;
  return { front, total: front + rest };
}

async function fill(db: pg.Client, waiting: number) {
  const { front, total } = layout(waiting);
  await db.query(`ALTER TABLE queue_tokens SET (autovacuum_enabled = false)`);
  await db.query(`ALTER TABLE queue_departures SET (autovacuum_enabled = false)`);
  await db.query(
    `INSERT INTO users (id, email, name, password_hash)
     SELECT i, 'fan' || i || '@example.test', 'Fan ' || i, 'x' FROM generate_series(1, $1::int) i`,
    [total],
  );
  await db.query(`ALTER TABLE queue_tokens DISABLE TRIGGER queue_tokens_assign_seq`);
  // Joined over the last hour, in order; admitted fans shopped 5 minutes; idle fans lapsed.
  await db.query(
    `INSERT INTO queue_tokens (id, user_id, seq, status, created_at, activated_at, expires_at, last_seen_at, ended_at)
     SELECT s, s, s, st.status::"QueueTokenStatus", joined,
       CASE WHEN s <= $2 THEN joined + interval '10 min' END,
       CASE WHEN st.status = 'WAIT' THEN now() + interval '5 min'
            WHEN st.status = 'ACTIVE' THEN now() + interval '5 min'
            WHEN s <= $2 THEN joined + interval '15 min' ELSE joined + interval '5 min' END,
       joined,
       CASE WHEN st.status = 'EXPIRED' THEN joined + interval '5 min' END
     FROM generate_series(1, $1::int) s
     CROSS JOIN LATERAL (SELECT now() - interval '1 hour' + (s * interval '3600 s') / $1 AS joined) j
     CROSS JOIN LATERAL (SELECT CASE
         WHEN s <= $2 - ${ACTIVE_NOW} THEN 'EXPIRED'
         WHEN s <= $2 THEN 'ACTIVE'
         WHEN (s - $2) % 10 = 0 THEN 'EXPIRED'
         ELSE 'WAIT' END AS status) st`,
    [total, front],
  );
  await db.query(`ALTER TABLE queue_tokens ENABLE TRIGGER queue_tokens_assign_seq`);
  await db.query(`UPDATE queue_counters SET last_seq = $1 WHERE id = 1`, [total]);
  // The queue-engine migration's own statement: every token no longer WAIT has left the line once.
  await db.query(`INSERT INTO "queue_departures" ("node", "count")
    SELECT node, count(*)::INTEGER FROM (
      SELECT ((("seq"::BIGINT - 1) >> k) + 1) << k AS node
      FROM "queue_tokens" CROSS JOIN generate_series(0, 31) AS k
      WHERE "status" <> 'WAIT' AND ((("seq"::BIGINT - 1) >> k) + 1) & 1 = 1
    ) chain
    GROUP BY node`);
  await db.query(`VACUUM (ANALYZE) queue_tokens, queue_departures, users`);
  const line = oneRow(
    (
      await db.query<{ waiting: number; seq: number }>(
        `SELECT count(*)::int AS waiting, max(seq) AS seq FROM queue_tokens WHERE status = 'WAIT'`,
      )
    ).rows,
  );
  if (line.waiting !== waiting) throw new Error(`filled ${line.waiting} WAIT rows, wanted ${waiting}`);
  return { total, backSeq: line.seq };
}

async function positionsAgree(db: pg.Client, seq: number): Promise<number> {
  const departed = oneRow((await db.query<{ n: number }>(FENWICK, [seq])).rows).n;
  const ahead = oneRow((await db.query<{ n: number }>(COUNT, [seq])).rows).n;
  if (seq - 1 - departed !== ahead) {
    throw new Error(`seq ${seq}: tree says ${seq - 1 - departed} ahead, count says ${ahead}`);
  }
  return ahead + 1;
}

/** EXPLAIN of the prepared statement itself (`EXECUTE` of its name), so the plan shown is the one timed. */
async function explain(db: pg.Client, statement: string, seq: number): Promise<Explained> {
  const { rows } = await db.query(
    `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) EXECUTE ${statement}(${Number(seq)})`,
  );
  const top = rows[0]["QUERY PLAN"][0];
  type Node = Record<string, unknown> & { Plans?: Node[] };
  const nodes: Node[] = [];
  const walk = (n: Node) => {
    nodes.push(n);
    n.Plans?.forEach(walk);
  };
  walk(top.Plan);
  const scan = nodes.find((n) => String(n["Node Type"]).includes("Scan") && n["Relation Name"]) ?? top.Plan;
  const via =
    scan["Node Type"] === "Bitmap Heap Scan" ? nodes.find((n) => n["Node Type"] === "Bitmap Index Scan") : undefined;
  const workers = nodes.map((n) => Number(n["Workers Launched"] ?? 0)).reduce((a, b) => Math.max(a, b), 0);
  return {
    plan:
      `${scan["Node Type"]}${scan["Index Name"] ? ` ${scan["Index Name"]}` : ` ${scan["Relation Name"]}`}` +
      (via ? ` via ${via["Index Name"]}` : "") +
      (workers ? ` (+${workers} parallel workers)` : ""),
    buffers: Number(top.Plan["Shared Hit Blocks"]) + Number(top.Plan["Shared Read Blocks"]),
    read: Number(top.Plan["Shared Read Blocks"]),
    heapFetches: nodes.reduce((sum, n) => sum + Number(n["Heap Fetches"] ?? 0), 0),
    execMs: Number(top["Execution Time"]),
  };
}

async function measure(db: pg.Client, seq: number): Promise<{ fenwick: Series; count: Series }> {
  const queries = { fenwick: FENWICK, count: COUNT };
  const times: Record<keyof typeof queries, number[]> = { fenwick: [], count: [] };
  const run = async (name: keyof typeof queries) => {
    const t0 = performance.now();
    await db.query({ name: `measure_${name}`, text: queries[name], values: [seq] });
    return performance.now() - t0;
  };
  for (let i = 0; i < 5; i++) for (const name of ["fenwick", "count"] as const) await run(name); // warm-up
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    if (i >= MIN_RUNS && performance.now() - started > budgetMs) break;
    const order = i % 2 ? (["count", "fenwick"] as const) : (["fenwick", "count"] as const);
    for (const name of order) times[name].push(await run(name));
  }
  const series = async (name: keyof typeof queries): Promise<Series> => {
    const sorted = [...times[name]].sort((a, b) => a - b);
    return {
      medianMs: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      runs: sorted.length,
      explain: await explain(db, `measure_${name}`, seq),
    };
  };
  return { fenwick: await series("fenwick"), count: await series("count") };
}

const load = () => (os.loadavg()[0] ?? 0).toFixed(2);
const ms = (x: number) => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));

async function main() {
  const version = new pg.Client({ connectionString: server });
  await version.connect();
  const serverVersion = (await version.query("SHOW server_version")).rows[0].server_version;
  await version.end();
  console.log(
    `PostgreSQL ${serverVersion} at ${new URL(server).host}; runs ${runs}, budget ${budgetMs / 1000} s; ` +
      `${os.cpus().length} cores, load average ${load()}`,
  );
  const results: Row[] = [];
  for (const waiting of sizes) {
    const name = `measure_position_${process.pid}`;
    current = name;
    const url = await createDatabase(server, name);
    const db = new pg.Client({ connectionString: url });
    try {
      await applyMigrations(url);
      await db.connect();
      const t0 = performance.now();
      const { total, backSeq } = await fill(db, waiting);
      const treeRows = oneRow(
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM queue_departures`)).rows,
      ).n;
      console.log(
        `\n${waiting} waiting: ${total} tokens, ${treeRows} tree rows, filled in ${((performance.now() - t0) / 1000).toFixed(1)} s; back of the line is seq ${backSeq}`,
      );
      const position = await positionsAgree(db, backSeq);
      await positionsAgree(db, Math.ceil(backSeq / 2) | 1);
      for (const state of ["vacuumed", "live"]) {
        if (state === "live") {
          // What a poll's refresh does to a waiting row (refreshWaitingSql), once for every waiting fan.
          await db.query(`UPDATE queue_tokens SET last_seen_at = now(), expires_at = expires_at + interval '30 s'
            WHERE status = 'WAIT'`);
          await db.query(`ANALYZE queue_tokens`); // autoanalyze would have run by now; a vacuum need not have
          await positionsAgree(db, backSeq);
        }
        const { fenwick, count } = await measure(db, backSeq);
        console.log(`  (load average ${load()})`);
        results.push({ waiting, state, fenwick, count, position, treeRows });
        for (const [label, s] of [
          ["fenwick", fenwick],
          ["count", count],
        ] as const) {
          console.log(
            `  ${state.padEnd(8)} ${label.padEnd(7)} median ${ms(s.medianMs)} ms, p99 ${ms(s.p99Ms)} ms (${s.runs} runs); ` +
              `${s.explain.plan}; buffers ${s.explain.buffers} (read ${s.explain.read}), heap fetches ${s.explain.heapFetches}, execution ${ms(s.explain.execMs)} ms`,
          );
        }
      }
    } finally {
      await db.end().catch(() => {});
      await cleanUp();
    }
  }

  console.log(
    "\n| waiting fans | table state | query | median | p99 | runs | plan (EXPLAIN ANALYZE) | buffers | heap fetches | server execution |",
  );
  console.log("|---:|---|---|---:|---:|---:|---|---:|---:|---:|");
  for (const r of results) {
    for (const [label, s] of [
      ["Fenwick sum", r.fenwick],
      ["indexed count", r.count],
    ] as const) {
      console.log(
        `| ${r.waiting.toLocaleString("en")} | ${r.state} | ${label} | ${ms(s.medianMs)} ms | ${ms(s.p99Ms)} ms | ${s.runs} | ` +
          `${s.explain.plan} | ${s.explain.buffers} | ${s.explain.heapFetches} | ${ms(s.explain.execMs)} ms |`,
      );
    }
  }
}

main().catch(async (error) => {
  console.error(error);
  await cleanUp();
  process.exit(1);
});
