import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { createUsers, liveActiveCount, resetQueue } from "../helpers/queue-fixtures";

// Several app processes against one database: each child (test/helpers/queue-race-worker.ts) is its own
// Node process with its own Prisma pool, joining its share of fans, ticking and polling in the background;
// this process frees slots a few at a time and then has every child fire a volley of simultaneous ticks,
// while it samples the live ACTIVE count. An audit trigger, installed in this test's database only,
// records every WAIT -> ACTIVE transition with the transaction and the process that made it.
const WORKERS = 3;
const CAPACITY = 20;
const FANS = 240;
const PAYMENTS = 60;

type WorkerReport = { event: "done"; ticks: number; polls: number; admitted: number[]; errors: string[] };

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill();
});

function startWorker(index: number, userIds: number[]) {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("application_name", `queue-worker-${index}`);
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join("test", "helpers", "queue-race-worker.ts")],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        DATABASE_POOL_SIZE: "8",
        QUEUE_RACE_USERS: userIds.join(","),
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  children.push(child);
  const waiters = new Map<string, (() => void)[]>();
  const next = (event: string) =>
    new Promise<void>((resolve) => waiters.set(event, [...(waiters.get(event) ?? []), resolve]));
  const joined = next("joined");
  const done = new Promise<WorkerReport>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line);
      if (message.event === "done") resolve(message);
      const [first, ...rest] = waiters.get(message.event) ?? [];
      waiters.set(message.event, rest);
      first?.();
    });
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`worker ${index} exited with ${code}`))));
  });
  return {
    joined,
    done,
    burst: () => {
      const finished = next("burst-done");
      child.stdin!.write("burst\n");
      return finished;
    },
    stop: () => child.stdin!.end("stop\n"),
  };
}

it(`${WORKERS} processes racing admission never exceed capacity, admit no token twice and keep join order`, async () => {
  await resetQueue({ capacity: CAPACITY });
  await prisma.$executeRawUnsafe(`CREATE TABLE queue_admission_audit (
    id bigserial PRIMARY KEY, token_id int NOT NULL, seq int NOT NULL, tx bigint NOT NULL, app text NOT NULL)`);
  await prisma.$executeRawUnsafe(`CREATE FUNCTION queue_audit_admission() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO queue_admission_audit (token_id, seq, tx, app)
      VALUES (NEW.id, NEW.seq, txid_current(), current_setting('application_name'));
      RETURN NEW;
    END $$`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER queue_audit_admission AFTER UPDATE ON queue_tokens FOR EACH ROW
    WHEN (OLD.status = 'WAIT' AND NEW.status = 'ACTIVE') EXECUTE FUNCTION queue_audit_admission()`);

  const users = await createUsers(FANS);
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    startWorker(
      i,
      users.filter((_, j) => j % WORKERS === i),
    ),
  );

  let maxActive = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxActive = Math.max(maxActive, await liveActiveCount(new Date()));
      await new Promise((r) => setTimeout(r, 3));
    }
  })();

  const started = performance.now();
  await Promise.all(workers.map((w) => w.joined));
  const joinedAt = performance.now();
  // Fans pay and leave, five at a time committing together (as endActiveTokenAfterPayment ends a token);
  // then every worker fires a volley of simultaneous ticks at the freed slots.
  let paid = 0;
  while (paid < PAYMENTS) {
    paid +=
      await prisma.$executeRaw`UPDATE queue_tokens SET status = 'EXPIRED', ended_at = now(), expires_at = LEAST(expires_at, now())
      WHERE id IN (SELECT id FROM queue_tokens WHERE status = 'ACTIVE' ORDER BY seq LIMIT ${Math.min(5, PAYMENTS - paid)})`;
    await Promise.all(workers.map((w) => w.burst()));
  }
  // Let the workers refill the room, then stop them.
  for (let i = 0; i < 200 && (await liveActiveCount(new Date())) < CAPACITY; i++)
    await new Promise((r) => setTimeout(r, 10));
  const paidAt = performance.now();
  for (const w of workers) w.stop();
  const reports = await Promise.all(workers.map((w) => w.done));
  sampling = false;
  await sampler;

  for (const report of reports) {
    expect(report.errors).toEqual([]);
    expect(report.ticks).toBeGreaterThan(0);
  }
  // One token per fan, join numbers dense.
  expect(await prisma.queueToken.count()).toBe(FANS);
  const { lastSeq } = oneRow(
    await prisma.$queryRaw<{ lastSeq: number }[]>`SELECT last_seq AS "lastSeq" FROM queue_counters`,
  );
  expect(lastSeq).toBe(FANS);

  // Capacity: never above it while sampled, full at the end.
  expect(maxActive).toBeLessThanOrEqual(CAPACITY);
  expect(await liveActiveCount(new Date())).toBe(CAPACITY);

  // No token admitted twice, and exactly the first CAPACITY + PAYMENTS fans in line were admitted.
  const audit = await prisma.$queryRaw<{ id: bigint; tokenId: number; seq: number; tx: bigint; app: string }[]>`
    SELECT id, token_id AS "tokenId", seq, tx, app FROM queue_admission_audit ORDER BY id`;
  expect(new Set(audit.map((a) => a.tokenId)).size).toBe(audit.length);
  expect(audit.length).toBe(CAPACITY + PAYMENTS);
  expect(audit.map((a) => a.seq).sort((a, b) => a - b)).toEqual(
    Array.from({ length: CAPACITY + PAYMENTS }, (_, i) => i + 1),
  );
  const admittedByWorkers = reports.flatMap((r) => r.admitted);
  expect(new Set(admittedByWorkers).size).toBe(admittedByWorkers.length);

  // Order: ticks are serialized, so each admitting transaction's join numbers all come after the previous one's.
  const byTx = new Map<bigint, { first: bigint; min: number; max: number }>();
  for (const a of audit) {
    const tick = byTx.get(a.tx) ?? { first: a.id, min: a.seq, max: a.seq };
    byTx.set(a.tx, { first: tick.first, min: Math.min(tick.min, a.seq), max: Math.max(tick.max, a.seq) });
  }
  const ticks = [...byTx.values()].sort((a, b) => (a.first < b.first ? -1 : 1));
  for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.min).toBeGreaterThan(ticks[i - 1]!.max);

  // It was a real race: more than one process admitted fans.
  const apps = new Set(audit.map((a) => a.app));
  expect(apps.size).toBeGreaterThanOrEqual(2);
  console.log(
    `multi-process race: ${reports.map((r, i) => `worker ${i}: ${r.ticks} ticks, ${r.polls} polls`).join("; ")};`,
    `${ticks.length} admitting transactions from ${[...apps].join(", ")}; max live ACTIVE ${maxActive};`,
    `joins ${Math.round(joinedAt - started)} ms, payments ${Math.round(paidAt - joinedAt)} ms`,
  );
}, 120_000);
