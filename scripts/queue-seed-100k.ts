// Seeds a database for measuring the status poll at scale: `npx tsx --conditions=react-server scripts/queue-seed-100k.ts <database-url> [fans]`.
// Migrates, creates `fans` users each with a WAIT token (default 100,000), admits the first 100 and lets every
// tenth of the next 10,000 lapse (so the departures tree is not trivial), then prints a few tokens to poll
// and the plan of the poll's statement for the last fan in line.
import pg from "pg";
import { applyMigrations } from "../lib/db/migrate";
import { encodeQueueToken } from "../lib/queue/queue-token-codec";

const url = process.argv[2];
const fans = Number(process.argv[3] ?? 100_000);
if (!url) throw new Error("usage: queue-seed-100k.ts <database-url> [fans]");
await applyMigrations(url);
const db = new pg.Client({ connectionString: url });
await db.connect();
await db.query(
  `INSERT INTO users (email, name, password_hash)
  SELECT 'bench' || i || '@example.test', 'Bench Fan', 'x' FROM generate_series(1, $1::int) i`,
  [fans],
);
await db.query(`INSERT INTO queue_tokens (user_id, status, expires_at)
  SELECT id, 'WAIT', now() + interval '1 day' FROM users ORDER BY id`);
await db.query(`UPDATE queue_rooms SET active_capacity = 100 WHERE id = 1`);
await db.query(`SELECT * FROM queue_admit(now(), 86400, 100, NULL, true, 0, 120, 1000, NULL, NULL)`);
await db.query(
  `UPDATE queue_tokens SET expires_at = now() - interval '1 s' WHERE status = 'WAIT' AND seq % 10 = 0 AND seq <= 10100`,
);
await db.query(`SELECT * FROM queue_admit(now(), 86400, 100, NULL, true, 0, 120, 1000, NULL, NULL)`);
const { rows } = await db.query<{ id: number; seq: number }>(
  `(SELECT id, seq FROM queue_tokens WHERE status = 'WAIT' ORDER BY seq LIMIT 1)
   UNION ALL (SELECT id, seq FROM queue_tokens WHERE status = 'WAIT' ORDER BY seq DESC LIMIT 1)`,
);
for (const r of rows) console.log(`seq ${r.seq}: ${encodeQueueToken(r.id)}`);
const last = rows[1];
if (!last) throw new Error(`expected the first and the last WAIT token, got ${rows.length} rows`);
const plan = await db.query(
  `EXPLAIN (ANALYZE, BUFFERS)
   SELECT COALESCE(sum(d.count), 0)::int FROM queue_departures d
   WHERE d.node IN (SELECT (($1::bigint - 1) >> k) << k FROM generate_series(0, 31) AS k WHERE (($1::bigint - 1) >> k) & 1 = 1)`,
  [last.seq],
);
console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
const brute = await db.query(
  `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM queue_tokens WHERE status = 'WAIT' AND expires_at > now() AND seq < $1`,
  [last.seq],
);
console.log("for comparison, counting the line:\n" + brute.rows.map((r) => r["QUERY PLAN"]).join("\n"));
await db.end();
