import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import * as balance from "@/app/api/balance/users/[userId]/route";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import * as queueToken from "@/app/api/queue/token/users/[userId]/route";
import { authOptions } from "@/lib/auth/auth-options";
import { createSession, revokeSession } from "@/lib/auth/sessions";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";

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
