import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import { prisma } from "@/lib/db/prisma";
import { AppError } from "@/lib/http/app-error";
import { clock } from "@/lib/http/with-route";
import { IDEMPOTENCY_WINDOW_MS, runIdempotent, sweepExpiredIdempotencyRecords } from "@/lib/idempotency/run-idempotent";
import { MAX_BALANCE, applyBalanceChange } from "@/lib/wallet/apply-balance-change";
import { call, sessionCookie } from "../helpers/http";
import { createUser } from "../helpers/fixtures";

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

async function chargeWithKey(userId: number, amount: unknown, key: string | undefined, asUser = userId) {
  return call(charge.POST, "POST", `/api/balance/users/${userId}/charge`, {
    params: { userId: String(userId) },
    body: { amount },
    headers: { ...(await sessionCookie(asUser)), ...(key === undefined ? {} : { "idempotency-key": key }) },
  });
}

async function walletOf(userId: number) {
  const { balance } = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const ledger = await prisma.ledgerEntry.findMany({ where: { userId } });
  return { balance, entries: ledger.length, sum: ledger.reduce((s, r) => s + r.amount, 0) };
}

describe("Idempotency-Key on the charge endpoint", () => {
  it("20 concurrent charges with one key move the balance exactly once; the rest replay or are told it is in use", async () => {
    const user = await createUser();
    const results = await Promise.all(Array.from({ length: 20 }, () => chargeWithKey(user.id, 5_000, "double-click")));
    const fresh = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null);
    const replayed = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === "true");
    const inUse = results.filter((r) => r.status === 409);
    expect(fresh).toHaveLength(1);
    expect(replayed.length + inUse.length).toBe(19);
    for (const r of replayed) expect(r.body).toEqual(fresh[0]!.body);
    for (const r of inUse)
      expect(r.body).toMatchObject({ code: 409, message: "idempotency key in use", error: "idempotency_key_in_use" });
    expect(fresh[0]!.body).toEqual({ userId: user.id, currentAmount: 5_000 });
    expect(await walletOf(user.id)).toEqual({ balance: 5_000, entries: 1, sum: 5_000 });
  });

  it("replays the first response (same status, same bytes) after completion and does nothing again", async () => {
    const user = await createUser();
    const first = await chargeWithKey(user.id, 1_234, "order-1");
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    await applyBalanceChange(prisma, { userId: user.id, delta: 100, kind: "CHARGE", now: new Date() });
    const again = await chargeWithKey(user.id, 1_234, "order-1");
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    // The stored response, not a fresh read: the balance has moved since.
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
    expect(again.body).toEqual({ userId: user.id, currentAmount: 1_234 });
    expect(await walletOf(user.id)).toEqual({ balance: 1_334, entries: 2, sum: 1_334 });
  });

  it("answers 409 idempotency key reused when the same key comes with a different body", async () => {
    const user = await createUser();
    await chargeWithKey(user.id, 1_000, "k");
    const other = await chargeWithKey(user.id, 2_000, "k");
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 409, message: "idempotency key reused", error: "idempotency_key_reused" });
    expect(await walletOf(user.id)).toEqual({ balance: 1_000, entries: 1, sum: 1_000 });
  });

  it("stores a 4xx outcome and replays it even after the state that caused it has changed", async () => {
    const user = await createUser();
    await applyBalanceChange(prisma, { userId: user.id, delta: MAX_BALANCE, kind: "CHARGE", now: new Date() });
    const refused = await chargeWithKey(user.id, 10, "at-limit");
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      code: 400,
      message: "invalid charge amount",
      error: "balance_limit",
      detail: "balance limit",
    });
    await applyBalanceChange(prisma, { userId: user.id, delta: -1_000, kind: "PAYMENT", now: new Date() });
    const replay = await chargeWithKey(user.id, 10, "at-limit");
    expect(replay.status).toBe(400);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(refused.body);
    expect((await walletOf(user.id)).balance).toBe(MAX_BALANCE - 1_000);
  });

  it("records a request that failed validation: its 400 is the key's answer, another body is 409 reused", async () => {
    const user = await createUser();
    const invalid = await chargeWithKey(user.id, 0, "fix-me");
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe("invalid charge amount");
    const other = await chargeWithKey(user.id, 700, "fix-me");
    expect(other.status).toBe(409);
    expect(other.body.error).toBe("idempotency_key_reused");
    const again = await chargeWithKey(user.id, 0, "fix-me");
    expect(again.status).toBe(400);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(invalid.body);
    expect(await walletOf(user.id)).toEqual({ balance: 0, entries: 0, sum: 0 });
    // A corrected request takes a new key.
    expect((await chargeWithKey(user.id, 700, "fixed")).status).toBe(200);
  });

  it("records a malformed path the same way: its 400 replays, the key cannot then run a valid request", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const chargePath = (pathUser: string) =>
      call(charge.POST, "POST", `/api/balance/users/${pathUser}/charge`, {
        params: { userId: pathUser },
        body: { amount: 500 },
        headers: { ...cookie, "idempotency-key": "bad-path" },
      });
    const refused = await chargePath("me");
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain("path.userId");
    expect((await chargePath("me")).headers.get("idempotent-replayed")).toBe("true");
    expect((await chargePath(String(user.id))).body.error).toBe("idempotency_key_reused");
    expect(await walletOf(user.id)).toEqual({ balance: 0, entries: 0, sum: 0 });
  });

  it("records malformed JSON and a wrong Content-Type under what was sent, byte for byte", async () => {
    const user = await createUser();
    const raw = (rawBody: string, type = "application/json") =>
      sessionCookie(user.id).then((cookie) =>
        call(charge.POST, "POST", `/api/balance/users/${user.id}/charge`, {
          params: { userId: String(user.id) },
          rawBody,
          headers: { ...cookie, "content-type": type, "idempotency-key": "raw" },
        }),
      );
    const broken = await raw('{"amount": 1');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe("malformed_json");
    expect((await raw('{"amount": 1')).headers.get("idempotent-replayed")).toBe("true");
    expect((await raw('{"amount": 2')).body.error).toBe("idempotency_key_reused");
    expect((await raw('{"amount": 1}')).body.error).toBe("idempotency_key_reused");
    expect((await raw('{"amount": 1', "text/plain")).body.error).toBe("idempotency_key_reused");
    expect(await walletOf(user.id)).toEqual({ balance: 0, entries: 0, sum: 0 });
  });

  it("never records who the caller is: a 401 or another user's 403 leaves the key free", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const anonymous = await call(charge.POST, "POST", `/api/balance/users/${user.id}/charge`, {
      params: { userId: String(user.id) },
      body: { amount: 100 },
      headers: { "idempotency-key": "mine" },
    });
    expect(anonymous.status).toBe(401);
    expect((await chargeWithKey(user.id, 100, "mine", stranger.id)).status).toBe(403);
    expect(await prisma.idempotencyRecord.count({ where: { userId: { in: [user.id, stranger.id] } } })).toBe(0);
    expect((await chargeWithKey(user.id, 100, "mine")).status).toBe(200);
  });

  it("scopes keys per user: two users' identical keys both run, and nobody replays another's response", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const [ra, rb] = await Promise.all([chargeWithKey(a.id, 300, "same-key"), chargeWithKey(b.id, 300, "same-key")]);
    expect(ra.body).toEqual({ userId: a.id, currentAmount: 300 });
    expect(rb.body).toEqual({ userId: b.id, currentAmount: 300 });
    expect(rb.headers.get("idempotent-replayed")).toBeNull();
    // B replaying A's key against A's wallet is refused before any record is looked at.
    const stolen = await chargeWithKey(a.id, 300, "same-key", b.id);
    expect(stolen.status).toBe(403);
    expect((await walletOf(a.id)).balance).toBe(300);
    expect((await walletOf(b.id)).balance).toBe(300);
  });

  it("forgets a key after 24 hours (injected clock), even under concurrent reuse", async () => {
    const user = await createUser();
    const t0 = new Date("2026-12-01T10:00:00.000Z");
    clock.now = () => t0;
    expect((await chargeWithKey(user.id, 100, "daily")).status).toBe(200);

    clock.now = () => new Date(t0.getTime() + IDEMPOTENCY_WINDOW_MS - 1);
    const late = await chargeWithKey(user.id, 100, "daily");
    expect(late.headers.get("idempotent-replayed")).toBe("true");
    expect((await walletOf(user.id)).balance).toBe(100);

    clock.now = () => new Date(t0.getTime() + IDEMPOTENCY_WINDOW_MS);
    const results = await Promise.all(Array.from({ length: 20 }, () => chargeWithKey(user.id, 100, "daily")));
    expect(results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    expect(results.every((r) => r.status === 200 || r.body.message === "idempotency key in use")).toBe(true);
    // Nobody is handed the expired first response: every 200 is the new charge (or its replay).
    for (const r of results.filter((x) => x.status === 200))
      expect(r.body).toEqual({ userId: user.id, currentAmount: 200 });
    expect(await walletOf(user.id)).toEqual({ balance: 200, entries: 2, sum: 200 });

    // An expired record may also be reused with a different body.
    clock.now = () => new Date(t0.getTime() + 2 * IDEMPOTENCY_WINDOW_MS + 1);
    expect((await chargeWithKey(user.id, 999, "daily")).body.currentAmount).toBe(1_199);
  });

  it.each([
    ["empty", ""],
    ["too long", "k".repeat(256)],
    ["non-ASCII", "clé"],
    ["a control character", "a\tb"],
  ])("rejects a key that is %s with a 400 and changes nothing", async (_label, key) => {
    const user = await createUser();
    const res = await chargeWithKey(user.id, 100, key);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, message: "bad request", error: "bad_request" });
    expect(res.body.detail).toContain("Idempotency-Key");
    expect(await walletOf(user.id)).toEqual({ balance: 0, entries: 0, sum: 0 });
    expect(await prisma.idempotencyRecord.count({ where: { userId: user.id } })).toBe(0);
  });

  it("accepts a 255-character key of printable characters, spaces inside included", async () => {
    const user = await createUser();
    const key = `order 42 ${"~".repeat(246)}`;
    expect(key).toHaveLength(255);
    expect((await chargeWithKey(user.id, 5, key)).status).toBe(200);
    expect((await chargeWithKey(user.id, 5, key)).headers.get("idempotent-replayed")).toBe("true");
    expect((await walletOf(user.id)).balance).toBe(5);
  });
});

describe("runIdempotent", () => {
  const fingerprint = "f".repeat(64);

  it("answers 409 in use while the first request runs, then replays it once it has finished", async () => {
    const user = await createUser();
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    let runs = 0;
    const first = runIdempotent({
      userId: user.id,
      key: "slow",
      fingerprint,
      now: new Date(),
      execute: async () => {
        runs++;
        await gate;
        return { status: 201, body: { done: true } };
      },
    });
    // Wait until the first request's claim is visible.
    while ((await prisma.idempotencyRecord.count({ where: { userId: user.id } })) === 0)
      await new Promise((r) => setTimeout(r, 5));
    const during = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        runIdempotent({
          userId: user.id,
          key: "slow",
          fingerprint,
          now: new Date(),
          execute: async () => ({ status: 200, body: "second" }),
        }),
      ),
    );
    for (const d of during) {
      expect(d.status).toBe("rejected");
      expect((d as PromiseRejectedResult).reason).toMatchObject({ status: 409, message: "idempotency key in use" });
    }
    const otherBody = await runIdempotent({
      userId: user.id,
      key: "slow",
      fingerprint: "e".repeat(64),
      now: new Date(),
      execute: async () => ({ status: 200, body: null }),
    }).catch((e: AppError) => e);
    expect(otherBody).toMatchObject({ status: 409, message: "idempotency key reused" });
    finish();
    expect(await first).toEqual({ status: 201, body: { done: true }, replayed: false });
    const later = await runIdempotent({
      userId: user.id,
      key: "slow",
      fingerprint,
      now: new Date(),
      execute: async () => ({ status: 200, body: "x" }),
    });
    expect(later).toEqual({ status: 201, body: { done: true }, replayed: true });
    expect(runs).toBe(1);
  });

  it("50 racers on an expired key: one runs, none is handed the expired response", async () => {
    const user = await createUser();
    const t0 = new Date("2026-12-01T00:00:00.000Z");
    await runIdempotent({
      userId: user.id,
      key: "stale",
      fingerprint,
      now: t0,
      execute: async () => ({ status: 200, body: "old" }),
    });
    const later = new Date(t0.getTime() + IDEMPOTENCY_WINDOW_MS + 1_000);
    let runs = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        runIdempotent({
          userId: user.id,
          key: "stale",
          fingerprint,
          now: later,
          execute: async () => ({ status: 200, body: `new ${++runs}` }),
        }),
      ),
    );
    expect(runs).toBe(1);
    for (const o of outcomes) {
      if (o.status === "fulfilled") expect(o.value.body).toBe("new 1");
      else expect(o.reason).toMatchObject({ status: 409, message: "idempotency key in use" });
    }
  });

  it("a claim that waited on a concurrent takeover of an expired key answers in use, not the expired response", async () => {
    const user = await createUser();
    const t0 = new Date("2026-12-01T00:00:00.000Z");
    await runIdempotent({
      userId: user.id,
      key: "handover",
      fingerprint,
      now: t0,
      execute: async () => ({ status: 200, body: "old" }),
    });
    const later = new Date(t0.getTime() + IDEMPOTENCY_WINDOW_MS + 1_000);
    // Request A has taken the expired record over and not yet committed (held open on its own connection).
    const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await a.connect();
    try {
      await a.query("BEGIN");
      await a.query(
        "UPDATE idempotency_records SET response_status = NULL, response_body = NULL, created_at = $3 WHERE user_id = $1 AND key = $2",
        [user.id, "handover", later],
      );
      // Request B starts now (its snapshot still shows the expired record) and waits on A's row lock.
      const b = runIdempotent({
        userId: user.id,
        key: "handover",
        fingerprint,
        now: later,
        execute: async () => ({ status: 200, body: "b ran" }),
      }).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      for (let i = 0; i < 200; i++) {
        const { rows } = await a.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await a.query("COMMIT");
      expect(await b).toMatchObject({ error: { status: 409, message: "idempotency key in use" } });
    } finally {
      await a.end();
    }
  });

  it("does not store a 5xx or a crash: the key is free again for a retry", async () => {
    const user = await createUser();
    const base = { userId: user.id, key: "flaky", fingerprint, now: new Date() };
    const failed = await runIdempotent({
      ...base,
      execute: async () => ({
        status: 503,
        body: { code: 503, message: "service unavailable", error: "service_unavailable" },
      }),
    });
    expect(failed.status).toBe(503);
    await expect(runIdempotent({ ...base, execute: async () => Promise.reject(new Error("boom")) })).rejects.toThrow(
      "boom",
    );
    await expect(
      runIdempotent({ ...base, execute: async () => Promise.reject(new AppError("internal_error")) }),
    ).rejects.toThrow();
    expect(await prisma.idempotencyRecord.count({ where: { userId: user.id } })).toBe(0);
    const ok = await runIdempotent({ ...base, execute: async () => ({ status: 200, body: { ok: 1 } }) });
    expect(ok).toEqual({ status: 200, body: { ok: 1 }, replayed: false });
  });

  it("keeps the stored body's key order for replays", async () => {
    const user = await createUser();
    const body = { zeta: 1, alpha: { y: 2, b: 3 }, list: [{ k: 1, a: 2 }] };
    const base = { userId: user.id, key: "order", fingerprint, now: new Date() };
    await runIdempotent({ ...base, execute: async () => ({ status: 200, body }) });
    const replay = await runIdempotent({ ...base, execute: async () => ({ status: 200, body: {} }) });
    expect(JSON.stringify(replay.body)).toBe(JSON.stringify(body));
  });

  it("sweeps records older than the window and leaves younger ones", async () => {
    const user = await createUser();
    const now = new Date();
    const old = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS - 1);
    for (const [key, at] of [
      ["old-1", old],
      ["old-2", old],
      ["young", now],
    ] as const) {
      await runIdempotent({
        userId: user.id,
        key,
        fingerprint,
        now: at,
        execute: async () => ({ status: 200, body: key }),
      });
    }
    expect(await sweepExpiredIdempotencyRecords(now)).toBe(2);
    expect((await prisma.idempotencyRecord.findMany({ where: { userId: user.id } })).map((r) => r.key)).toEqual([
      "young",
    ]);
  });
});
