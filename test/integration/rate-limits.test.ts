import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import * as users from "@/app/api/users/route";
import * as balance from "@/app/api/balance/users/[userId]/route";
import * as queueToken from "@/app/api/queue/token/users/[userId]/route";
import { resetConfigForTests } from "@/lib/config";
import { beforeSignIn, signInFailed, signInSucceeded } from "@/lib/rate-limit/limits";
import { closeRateLimitStore } from "@/lib/rate-limit/rate-limiter-store";
import { CLIENT_ADDRESS_HEADER, markClientAddressHeaderTrusted } from "@/lib/server/client-address";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";

// The limits against abuse in one process, on the PostgreSQL store (ONSALE.md, "Limits against abuse"). The same
// limits across several app processes, on PostgreSQL and on Redis, through real HTTP: rate-limits-http.test.ts.

const saved = { ...process.env };
beforeEach(() => {
  process.env.RATE_LIMITS = "on";
  process.env.RATE_LIMIT_KEY_PREFIX = `t12:${randomBytes(4).toString("hex")}:`; // a fresh set of counters per test
  resetConfigForTests();
});
afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
});
afterAll(() => closeRateLimitStore());

// Route handlers here run without the HTTP server; it is what writes the client address header.
markClientAddressHeaderTrusted();
const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address });

const signUp = (address: string, email = `fan-${randomBytes(4).toString("hex")}@example.com`) =>
  call(users.POST, "POST", "/api/users", {
    headers: from(address),
    body: { email, password: "password123", name: "Fan" },
  });

function expectLimited(res: { status: number; body: unknown; headers: Headers }) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ code: 429, message: "too many requests", error: "rate_limited" });
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  return retryAfter;
}

describe("limits against abuse", () => {
  it("sign-ups: RATE_LIMIT_SIGNUPS_PER_HOUR per address, then 429 with Retry-After; other addresses unaffected", async () => {
    process.env.RATE_LIMIT_SIGNUPS_PER_HOUR = "3";
    resetConfigForTests();
    const taken = `taken-${randomBytes(4).toString("hex")}@example.com`;
    expect((await signUp("203.0.113.1", taken)).status).toBe(201);
    // A taken email keeps its 409; the probe still counts against the address.
    expect((await signUp("203.0.113.1", taken)).body.error).toBe("email_taken");
    expect((await signUp("203.0.113.1")).status).toBe(201);
    const retryAfter = expectLimited(await signUp("203.0.113.1"));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await signUp("203.0.113.2")).status).toBe(201);
  });

  it("queue joins: RATE_LIMIT_QUEUE_JOINS_PER_MINUTE per user, whatever their address", async () => {
    process.env.RATE_LIMIT_QUEUE_JOINS_PER_MINUTE = "3";
    resetConfigForTests();
    const fan = await createUser();
    const other = await createUser();
    const join = async (userId: number, address: string) =>
      call(queueToken.POST, "POST", `/api/queue/token/users/${userId}`, {
        params: { userId: String(userId) },
        headers: { ...(await sessionCookie(userId)), ...from(address) },
      });
    for (const address of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
      expect((await join(fan.id, address)).status).toBe(200);
    }
    const retryAfter = expectLimited(await join(fan.id, "198.51.100.4"));
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another fan behind the same carrier address is not blocked.
    expect((await join(other.id, "198.51.100.1")).status).toBe(200);
  });

  it("API keys: a burst of RATE_LIMIT_API_KEY_BURST, then 429; the owner's session and other keys are unaffected", async () => {
    process.env.RATE_LIMIT_API_KEY_PER_SECOND = "2";
    process.env.RATE_LIMIT_API_KEY_BURST = "4";
    resetConfigForTests();
    const user = await createUser();
    const key = await apiKeyHeader(user.id);
    const read = (headers: Record<string, string>) =>
      call(balance.GET, "GET", `/api/balance/users/${user.id}`, { params: { userId: String(user.id) }, headers });
    const results = await Promise.all(Array.from({ length: 6 }, () => read(key)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    for (const limited of results.filter((r) => r.status !== 200))
      expect(expectLimited(limited)).toBeLessThanOrEqual(2);
    expect((await read(await sessionCookie(user.id))).status).toBe(200);
    expect((await read(await apiKeyHeader(user.id))).status).toBe(200);
  });

  it("failed sign-ins: per (account, address), pausing longer after each failure from the third, forgiven by a success", async () => {
    process.env.RATE_LIMIT_FAILED_SIGNINS = "4";
    resetConfigForTests();
    const email = `victim-${randomBytes(4).toString("hex")}@example.com`;
    const attacker = "192.0.2.66";
    const fail = async (address: string) => {
      await beforeSignIn(email, address);
      await signInFailed(email, address);
    };
    await fail(attacker);
    await fail(attacker);
    await fail(attacker); // third failure: a 1 s pause
    const paused = await beforeSignIn(email, attacker).catch((e: unknown) => e);
    expect(paused).toMatchObject({ status: 429, kind: "rate_limited", headers: { "Retry-After": "1" } });
    // The fan, from their own address, is not locked out by the attacker's failures.
    await beforeSignIn(email, "192.0.2.10");
    await signInSucceeded(email, "192.0.2.10");

    await new Promise((r) => setTimeout(r, 1_100));
    await fail(attacker); // fourth: the window's allowance is used up
    const exhausted = await beforeSignIn(email, attacker).catch((e: unknown) => e);
    expect(exhausted).toMatchObject({ status: 429, kind: "rate_limited" });
    expect(Number((exhausted as { headers: Record<string, string> }).headers["Retry-After"])).toBeGreaterThan(800);

    // A success forgives: a fan who finally types the right password starts afresh.
    const fan = "192.0.2.11";
    await fail(fan);
    await fail(fan);
    await beforeSignIn(email, fan);
    await signInSucceeded(email, fan);
    await fail(fan);
    await fail(fan);
    await beforeSignIn(email, fan); // two failures since the success: no pause yet
  });

  it("RATE_LIMITS=off turns every limit off", async () => {
    process.env.RATE_LIMITS = "off";
    process.env.RATE_LIMIT_SIGNUPS_PER_HOUR = "1";
    process.env.RATE_LIMIT_FAILED_SIGNINS = "1";
    resetConfigForTests();
    for (let i = 0; i < 3; i++) expect((await signUp("203.0.113.9")).status).toBe(201);
    for (let i = 0; i < 5; i++) {
      await beforeSignIn("x@example.com", "203.0.113.9");
      await signInFailed("x@example.com", "203.0.113.9");
    }
  });
});
