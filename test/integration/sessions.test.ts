import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as balance from "@/app/api/balance/users/[userId]/route";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import * as queueToken from "@/app/api/queue/token/users/[userId]/route";
import { authOptions } from "@/lib/auth/auth-options";
import { sessionCache } from "@/lib/auth/session-cache";
import { createSession, isSessionLive, revokeSession } from "@/lib/auth/sessions";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { deleteQueueKeys, type RedisQueueStore } from "@/lib/queue/redis-queue-store";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { useStore, type TestStore } from "../helpers/queue-stores";

afterEach(() => {
  delete process.env.NEXTAUTH_URL;
  resetConfigForTests();
});

async function cookieFor(token: Record<string, unknown>) {
  return { cookie: `next-auth.session-token=${await encode({ token, secret: process.env.AUTH_SECRET! })}` };
}

const readBalance = (userId: number, headers: Record<string, string>) =>
  call(balance.GET, "GET", `/api/balance/users/${userId}`, { params: { userId: String(userId) }, headers });

const chargeWith = (userId: number, headers: Record<string, string>) =>
  call(charge.POST, "POST", `/api/balance/users/${userId}/charge`, {
    params: { userId: String(userId) },
    headers,
    body: { amount: 1_000 },
  });

describe("sessions are revocable on the server", () => {
  it("a signed-out session's cookie stops working at once, though the JWT itself is still valid", async () => {
    const user = await createUser();
    const sid = await createSession(user.id);
    const cookie = await cookieFor({ sub: String(user.id), sid });
    expect((await readBalance(user.id, cookie)).status).toBe(200);
    await revokeSession(sid);
    const after = await readBalance(user.id, cookie);
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ code: 401, message: "authentication required", error: "authentication_required" });
  });

  it("refuses a cookie without a session id, with an unknown one, or with another user's", async () => {
    const user = await createUser();
    const other = await createUser();
    const othersSid = await createSession(other.id);
    for (const token of [
      { sub: String(user.id) },
      { sub: String(user.id), sid: "no-such-session" },
      { sub: String(user.id), sid: othersSid },
      { sub: String(user.id), sid: 42 },
    ]) {
      expect((await readBalance(user.id, await cookieFor(token))).status, JSON.stringify(token)).toBe(401);
    }
  });

  it("next-auth starts a session at sign-in, pages see nobody once it is revoked, and sign-out revokes it", async () => {
    const user = await createUser();
    const options = authOptions();
    const token = await options.callbacks!.jwt!({
      token: { sub: String(user.id) },
      user: { id: String(user.id), email: user.email },
      account: null,
      trigger: "signIn",
    });
    expect(typeof token.sid).toBe("string");
    const row = await prisma.session.findUniqueOrThrow({ where: { id: token.sid as string } });
    expect(row).toMatchObject({ userId: user.id, revokedAt: null });

    const session = { user: { email: user.email }, expires: new Date(Date.now() + 60_000).toISOString() };
    const live = await options.callbacks!.session!({ session, token, user: undefined as never } as never);
    expect(live).toMatchObject({ user: { id: user.id } });

    await options.events!.signOut!({ token, session: undefined as never });
    expect((await prisma.session.findUniqueOrThrow({ where: { id: token.sid as string } })).revokedAt).not.toBeNull();
    const gone = await options.callbacks!.session!({ session, token, user: undefined as never } as never);
    expect(gone).toEqual({});
  });
});

describe("cookie-authenticated writes must come from this site", () => {
  it("refuses a foreign Origin or Sec-Fetch-Site: cross-site with 403 and changes nothing", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    for (const extra of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { origin: "http://localhost:3001" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "cross-site", origin: "http://localhost:3000" },
    ]) {
      const res = await chargeWith(user.id, { ...cookie, ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(403);
      expect(res.body).toEqual({ code: 403, message: "forbidden", error: "forbidden", detail: "cross-site request" });
    }
    // Endpoint 1 has no body: SameSite=Lax was all that stood between it and a cross-site form.
    const join = await call(queueToken.POST, "POST", `/api/queue/token/users/${user.id}`, {
      params: { userId: String(user.id) },
      headers: { ...cookie, origin: "https://evil.example" },
    });
    expect(join.status).toBe(403);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(0);
    expect(await prisma.queueToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("lets through this site's own pages, requests with neither header, reads, and API keys", async () => {
    process.env.NEXTAUTH_URL = "https://tickets.example";
    resetConfigForTests();
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    for (const extra of <Record<string, string>[]>[
      {},
      { origin: "http://localhost:3000" },
      { origin: "https://tickets.example" },
      { "sec-fetch-site": "same-origin", origin: "http://localhost:3000" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "none" },
    ]) {
      expect((await chargeWith(user.id, { ...cookie, ...extra })).status, JSON.stringify(extra)).toBe(200);
    }
    expect((await readBalance(user.id, { ...cookie, origin: "https://evil.example" })).status).toBe(200);
    const key = await apiKeyHeader(user.id);
    expect((await chargeWith(user.id, { ...key, origin: "https://evil.example" })).status).toBe(200);
  });
});

describe("on the Redis store, sessions are also kept in Redis (docs/decisions/0022)", () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await useStore("redis");
  });
  afterEach(async () => {
    await t.close();
  });
  const redis = () => (t.store as RedisQueueStore).redis;
  const entry = (sid: string) => redis().get(`${(t.store as RedisQueueStore).prefix}sess:${sid}`);

  it("sign-in writes the live entry, sign-out replaces it with the revoked mark: the cookie stops at once", async () => {
    const user = await createUser();
    const sid = await createSession(user.id);
    expect(await entry(sid)).toBe(String(user.id));
    const cookie = await cookieFor({ sub: String(user.id), sid });
    expect((await readBalance(user.id, cookie)).status).toBe(200);
    await revokeSession(sid);
    expect(await entry(sid)).toBe("r");
    expect((await readBalance(user.id, cookie)).status).toBe(401);
  });

  it("reads a session Redis does not know from Postgres and keeps it; never keeps an unknown or revoked one", async () => {
    const user = await createUser();
    const sid = "signed-in-before-redis";
    await prisma.session.create({ data: { id: sid, userId: user.id } });
    expect(await isSessionLive(sid, user.id)).toBe(true);
    await expect.poll(() => entry(sid)).toBe(String(user.id));
    // Another user's id with this session, an unknown session: refused, and nothing is written for them.
    expect(await isSessionLive(sid, user.id + 1)).toBe(false);
    expect(await isSessionLive("no-such-session", user.id)).toBe(false);
    expect(await entry("no-such-session")).toBeNull();
    await prisma.session.create({ data: { id: "revoked-before", userId: user.id, revokedAt: new Date() } });
    expect(await isSessionLive("revoked-before", user.id)).toBe(false);
    expect(await entry("revoked-before")).toBeNull();
  });

  it("a read from Postgres that lands after a sign-out does not bring the session back", async () => {
    const user = await createUser();
    const sid = await createSession(user.id);
    await revokeSession(sid);
    // What a request that read Postgres just before the sign-out would write back when it finishes.
    await sessionCache()!.remember(sid, user.id, false);
    expect(await isSessionLive(sid, user.id)).toBe(false);
  });

  it("when Redis loses its data, live sessions stay live and revoked ones stay revoked (Postgres is the record)", async () => {
    const user = await createUser();
    const live = await createSession(user.id);
    const gone = await createSession(user.id);
    await revokeSession(gone);
    await deleteQueueKeys(redis(), (t.store as RedisQueueStore).prefix);
    expect(await isSessionLive(live, user.id)).toBe(true);
    expect(await isSessionLive(gone, user.id)).toBe(false);
  });

  it("a sign-out racing 50 requests on the same cookie: every request after it is refused", async () => {
    const user = await createUser();
    const sid = "racing-session";
    await prisma.session.create({ data: { id: sid, userId: user.id } }); // not in Redis: requests read Postgres
    const cookie = await cookieFor({ sub: String(user.id), sid });
    const during = await Promise.all([
      ...Array.from({ length: 50 }, () => readBalance(user.id, cookie)),
      revokeSession(sid).then(() => null),
    ]);
    expect(during.every((r) => r === null || r.status === 200 || r.status === 401)).toBe(true);
    const after = await Promise.all(Array.from({ length: 20 }, () => readBalance(user.id, cookie)));
    expect(after.map((r) => r.status)).toEqual(Array(20).fill(401));
    expect(await entry(sid)).toBe("r");
  });
});
