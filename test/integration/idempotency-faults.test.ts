import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { inWorkTransaction } from "@/lib/idempotency/idempotent-work";
import { requestFingerprint } from "@/lib/idempotency/request-fingerprint";
import { IDEMPOTENCY_LEASE_MS, runIdempotent } from "@/lib/idempotency/run-idempotent";
import { applyBalanceChange } from "@/lib/wallet/apply-balance-change";
import { activeFan } from "../helpers/booking-fixtures";
import { createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { logger } from "@/lib/observability/logger";

// A 5xx never strands an Idempotency-Key, tested with real faults: a database connection killed in the middle
// of the work (the backend terminates itself from a trigger), a release that Postgres refuses, and app processes
// killed with SIGKILL before and after their work committed. docs/decisions/0004-idempotency-keys.md.

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

beforeAll(async () => {
  // Faults are switched on per test through this one-row table; sequences count attempts (a failed statement
  // rolls back its own writes, not a nextval).
  await prisma.$executeRawUnsafe(
    `CREATE TABLE fault_switches (kill_ledger boolean NOT NULL, refuse_releases int NOT NULL)`,
  );
  await prisma.$executeRawUnsafe(`INSERT INTO fault_switches VALUES (false, 0)`);
  await prisma.$executeRawUnsafe(`CREATE SEQUENCE release_attempts`);
  // The backend writing a ledger row terminates itself: the connection dies mid-transaction, as in a crash of
  // the database server or a network cut.
  await prisma.$executeRawUnsafe(`
    CREATE FUNCTION kill_own_connection() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT kill_ledger FROM fault_switches) THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
      RETURN NEW;
    END $$`);
  await prisma.$executeRawUnsafe(`
    CREATE TRIGGER kill_own_connection BEFORE INSERT ON wallet_ledger
    FOR EACH ROW EXECUTE FUNCTION kill_own_connection()`);
  await prisma.$executeRawUnsafe(`
    CREATE FUNCTION refuse_release() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('release_attempts') <= (SELECT refuse_releases FROM fault_switches) THEN
        RAISE EXCEPTION 'injected release failure';
      END IF;
      RETURN OLD;
    END $$`);
  await prisma.$executeRawUnsafe(`
    CREATE TRIGGER refuse_release BEFORE DELETE ON idempotency_records
    FOR EACH ROW EXECUTE FUNCTION refuse_release()`);
});
afterAll(async () => {
  await prisma.$executeRawUnsafe(`DROP TRIGGER kill_own_connection ON wallet_ledger`);
  await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_release ON idempotency_records`);
});

async function faults(options: { killLedger: boolean; refuseReleases: number }) {
  await prisma.$executeRawUnsafe(
    `UPDATE fault_switches SET kill_ledger = ${options.killLedger}, refuse_releases = ${options.refuseReleases}`,
  );
  await prisma.$executeRawUnsafe(`ALTER SEQUENCE release_attempts RESTART`);
}

async function chargeAt(at: Date, userId: number, amount: number, key: string) {
  clock.now = () => at;
  return call(charge.POST, "POST", `/api/balance/users/${userId}/charge`, {
    params: { userId: String(userId) },
    body: { amount },
    headers: { ...(await sessionCookie(userId)), "idempotency-key": key },
  });
}

async function wallet(userId: number) {
  const { balance } = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return { balance, ledgerRows: await prisma.ledgerEntry.count({ where: { userId } }) };
}

const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
  const error = vi.spyOn(logger, "error").mockImplementation(() => {});
  try {
    return await work();
  } finally {
    error.mockRestore();
  }
};

describe("a failed request never strands its Idempotency-Key", () => {
  it("connection killed mid-charge and every release refused: 503, then 409 in use until the lease runs out, then the retry runs once", async () => {
    const user = await createUser();
    const t0 = new Date();
    await faults({ killLedger: true, refuseReleases: 1_000 });
    const failed = await quietly(() => chargeAt(t0, user.id, 7_000, "stranded?"));
    // A dropped connection is the database's failure, not the client's: 503 and a retry (see with-route).
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 503, error: "service_unavailable" });
    await faults({ killLedger: false, refuseReleases: 0 });
    expect(await wallet(user.id)).toEqual({ balance: 0, ledgerRows: 0 });

    // The claim survived (its release failed): a repeat inside the lease is told the key is in use...
    const soon = await chargeAt(new Date(t0.getTime() + 1_000), user.id, 7_000, "stranded?");
    expect(soon.status).toBe(409);
    expect(soon.body.error).toBe("idempotency_key_in_use");
    // ...and once the lease has run out the retry takes the key over and runs, once.
    const later = await chargeAt(new Date(t0.getTime() + IDEMPOTENCY_LEASE_MS + 1_000), user.id, 7_000, "stranded?");
    expect(later.status).toBe(200);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.body).toEqual({ userId: user.id, currentAmount: 7_000 });
    const replay = await chargeAt(new Date(t0.getTime() + IDEMPOTENCY_LEASE_MS + 2_000), user.id, 7_000, "stranded?");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await wallet(user.id)).toEqual({ balance: 7_000, ledgerRows: 1 });
  });

  it("a release refused once is retried: the key is free for the retry at once", async () => {
    const user = await createUser();
    const t0 = new Date();
    await faults({ killLedger: true, refuseReleases: 1 });
    expect((await quietly(() => chargeAt(t0, user.id, 3_000, "retry-release"))).status).toBe(503);
    await faults({ killLedger: false, refuseReleases: 0 });
    const retry = await chargeAt(new Date(t0.getTime() + 100), user.id, 3_000, "retry-release");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await wallet(user.id)).toEqual({ balance: 3_000, ledgerRows: 1 });
  });

  it("an app process killed before its charge committed: the key is free once the lease runs out, and the charge runs once", async () => {
    const user = await createUser();
    const t0 = new Date();
    await crashWorker({ userId: user.id, key: "crash-early", amount: 4_000, now: t0, stage: "in-transaction" });
    expect(await wallet(user.id)).toEqual({ balance: 0, ledgerRows: 0 }); // rolled back with the connection
    expect((await chargeAt(new Date(t0.getTime() + 1_000), user.id, 4_000, "crash-early")).status).toBe(409);
    const later = await chargeAt(new Date(t0.getTime() + IDEMPOTENCY_LEASE_MS + 1_000), user.id, 4_000, "crash-early");
    expect(later.status).toBe(200);
    expect(await wallet(user.id)).toEqual({ balance: 4_000, ledgerRows: 1 });
  });

  it("an app process killed after its charge committed, before the answer was stored: never charged twice", async () => {
    const user = await createUser();
    const t0 = new Date();
    await crashWorker({ userId: user.id, key: "crash-late", amount: 5_000, now: t0, stage: "committed" });
    expect(await wallet(user.id)).toEqual({ balance: 5_000, ledgerRows: 1 });
    for (const after of [IDEMPOTENCY_LEASE_MS + 1_000, 3_600_000]) {
      const repeat = await chargeAt(new Date(t0.getTime() + after), user.id, 5_000, "crash-late");
      expect(repeat.status).toBe(409);
      expect(repeat.body.error).toBe("idempotency_key_in_use");
    }
    expect(await wallet(user.id)).toEqual({ balance: 5_000, ledgerRows: 1 });
  });

  it("a request that outlives its lease loses the key to the repeat, and its own work rolls back", async () => {
    const user = await createUser();
    const t0 = new Date();
    const fingerprint = requestFingerprint("POST", "/x", { amount: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const slow = runIdempotent({
      userId: user.id,
      key: "slow",
      fingerprint,
      now: t0,
      execute: async () => {
        const body = await inWorkTransaction(async (db) => {
          const changed = await applyBalanceChange(db, { userId: user.id, delta: 1_000, kind: "CHARGE", now: t0 });
          wrote();
          await gate; // a stalled process: GC, a starved CPU, a stuck downstream call
          return changed;
        });
        return { status: 200, body };
      },
    }).catch((error: unknown) => error);
    await written;
    // The lease has run out by the repeat's clock: it takes the key over and runs (waiting on the row lock).
    const repeat = runIdempotent({
      userId: user.id,
      key: "slow",
      fingerprint,
      now: new Date(t0.getTime() + IDEMPOTENCY_LEASE_MS + 1_000),
      execute: async () => ({
        status: 200,
        body: await inWorkTransaction((db) =>
          applyBalanceChange(db, { userId: user.id, delta: 1_000, kind: "CHARGE", now: new Date() }),
        ),
      }),
    });
    await waitForLockWait();
    release();
    expect(await slow).toMatchObject({ status: 409, kind: "idempotency_key_in_use" });
    expect(await repeat).toMatchObject({ status: 200, replayed: false });
    expect(await wallet(user.id)).toEqual({ balance: 1_000, ledgerRows: 1 });
  });

  it("a 401 is never stored: a replay whose record vanished between the check and the claim leaves the key free", async () => {
    const fan = await activeFan({ balance: 100_000 });
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const schedule = concert.schedules[0]!;
    const held = await call(reservations.POST, "POST", "/api/concerts/reservations", {
      headers: fan.headers,
      body: { userId: fan.id, concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[0]!.id },
    });
    const payment = (key: string) =>
      call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
        params: { userId: String(fan.id) },
        headers: { ...fan.headers, "idempotency-key": key },
        body: { reservationId: held.body.reservationId },
      });
    expect((await payment("pay-1")).status).toBe(200); // the payment ends the fan's token
    const record = await prisma.idempotencyRecord.findFirstOrThrow({ where: { userId: fan.id, key: "pay-1" } });

    // The repeat passes as a replay (its record is there), then the record vanishes before its claim: the
    // claim waits on this row lock, and the row is deleted under it.
    const vanish = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await vanish.connect();
    try {
      await vanish.query("BEGIN");
      await vanish.query("SELECT 1 FROM idempotency_records WHERE id = $1 FOR UPDATE", [record.id]);
      const repeat = payment("pay-1");
      await waitForLockWait(vanish);
      await vanish.query("DELETE FROM idempotency_records WHERE id = $1", [record.id]);
      await vanish.query("COMMIT");
      const refused = await repeat;
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe("token_expired");
    } finally {
      await vanish.end();
    }
    expect(await prisma.idempotencyRecord.count({ where: { userId: fan.id, key: "pay-1" } })).toBe(0);
  });
});

/** Until some backend of this database waits on a lock (a claim or a write queued behind another). */
async function waitForLockWait(client?: pg.Client): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const sql = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`;
    const n = client
      ? (await client.query<{ n: number }>(sql)).rows[0]!.n
      : (await prisma.$queryRawUnsafe<{ n: number }[]>(sql))[0]!.n;
    if (n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("nobody waited on a lock");
}

/** Runs test/helpers/idempotency-crash-worker.ts until it reaches `stage`, then kills it with SIGKILL. */
async function crashWorker(options: { userId: number; key: string; amount: number; now: Date; stage: string }) {
  const url = new URL(process.env.DATABASE_URL!);
  const app = `crash-worker-${process.pid}-${options.key}`;
  url.searchParams.set("application_name", app);
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join("test", "helpers", "idempotency-crash-worker.ts")],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        CRASH_USER_ID: String(options.userId),
        CRASH_KEY: options.key,
        CRASH_AMOUNT: String(options.amount),
        CRASH_NOW: options.now.toISOString(),
        CRASH_STAGE: options.stage,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const reached = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`crash worker exited early (${code})`)));
  });
  expect(reached).toBe(options.stage);
  child.kill("SIGKILL");
  await exited;
  // PostgreSQL ends the dead client's session (rolling back what it left open) once it notices the socket closed.
  for (let i = 0; i < 500; i++) {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${app}`;
    if (row!.n === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the crashed worker's sessions did not end");
}
