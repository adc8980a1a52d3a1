import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import * as tokenRoute from "@/app/api/queue/token/users/[userId]/route";
import { prisma } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { getQueueToken } from "@/lib/queue/get-queue-token";
import { issueQueueToken } from "@/lib/queue/issue-queue-token";
import { queueStatusSchema, queueTokenSchema } from "@/lib/queue/queue-schemas";
import { encodeQueueToken } from "@/lib/queue/queue-token-codec";
import { readQueueToken, requireActiveQueueToken } from "@/lib/queue/require-queue-token";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { join, lookup, poll, resetQueue, setNow, setQueueSettings } from "../helpers/queue-fixtures";

// The documented shapes, with no extra keys.
const strict = (schema: typeof queueTokenSchema | typeof queueStatusSchema) => z.strictObject(schema.shape);

beforeEach(() => resetQueue({ capacity: 1 }));

async function tokenCount() {
  return prisma.queueToken.count();
}

describe("endpoint 1: POST /api/queue/token/users/{userId}", () => {
  it("issues an ACTIVE token at once when there is room and nobody waits, in the contract's shape", async () => {
    const now = new Date("2026-10-10T10:00:00.000Z");
    setNow(now);
    const fan = await createUser();
    const res = await join(fan.id);
    expect(res.status).toBe(200);
    strict(queueTokenSchema).parse(res.body);
    expect(res.body).toEqual({
      tokenId: expect.any(Number),
      token: encodeQueueToken(res.body.tokenId),
      status: "ACTIVE",
      createdAt: now.toISOString(),
      expiredAt: new Date(now.getTime() + 300_000).toISOString(),
      concertId: null,
      saleState: "ON_SALE",
    });
    // Never stored in plain form: the row holds no token string at all.
    const row = await prisma.queueToken.findUniqueOrThrow({ where: { id: res.body.tokenId } });
    expect(JSON.stringify(row)).not.toContain(res.body.token);
  });

  it("returns the same token and place when issued again, and a WAIT token when the room is full", async () => {
    const [first, second] = [await createUser(), await createUser()];
    const a = await join(first.id);
    const b = await join(second.id);
    expect(a.body.status).toBe("ACTIVE");
    expect(b.body.status).toBe("WAIT");
    const again = await join(second.id, await apiKeyHeader(second.id));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      tokenId: b.body.tokenId,
      token: b.body.token,
      status: "WAIT",
      createdAt: b.body.createdAt,
    });
    expect((await poll(b.body.token)).body.position).toBe(1);
    expect(await tokenCount()).toBe(2);
  });

  it("gives a fan whose token lapsed a new token at the end of the line", async () => {
    const t0 = new Date("2026-10-10T10:00:00.000Z");
    setNow(t0);
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    await join(a.id); // ACTIVE
    await setQueueSettings({ paused: true }); // nobody else is admitted: only line order matters here
    const oldB = await join(b.id); // WAIT, position 1
    await join(c.id); // WAIT, position 2
    setNow(new Date(t0.getTime() + 200_000));
    expect((await poll((await lookup(c.id)).body.token)).body.position).toBe(2); // c keeps polling
    setNow(new Date(t0.getTime() + 301_000)); // b never polled: idle timeout passed
    expect((await lookup(b.id)).status).toBe(404);
    const newB = await join(b.id);
    expect(newB.body.tokenId).not.toBe(oldB.body.tokenId);
    expect(newB.body.status).toBe("WAIT");
    expect((await poll(newB.body.token)).body.position).toBe(2); // behind c
    expect((await poll(oldB.body.token)).body.status).toBe("EXPIRED");
  });
});

describe("endpoint 2: GET /api/queue/token/users/{userId}", () => {
  it("returns the live token, and 404 token not found when there is none", async () => {
    const fan = await createUser();
    const none = await lookup(fan.id);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 404, message: "token not found", error: "token_not_found" });
    const issued = await join(fan.id);
    const found = await lookup(fan.id);
    expect(found.status).toBe(200);
    strict(queueTokenSchema).parse(found.body);
    expect(found.body).toEqual(issued.body);
    expect(await tokenCount()).toBe(1);
  });
});

describe("identity and input rules (endpoints 1 and 2)", () => {
  it.each(["POST", "GET"] as const)("%s: 401 without identity, before input validation", async (method) => {
    const handler = tokenRoute[method];
    for (const userId of ["1", "abc", "0"]) {
      const res = await call(handler, method, `/api/queue/token/users/${userId}`, { params: { userId } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 401, message: "authentication required", error: "authentication_required" });
    }
    const badKey = await call(handler, method, "/api/queue/token/users/1", {
      params: { userId: "1" },
      headers: { "x-api-key": "tk_live_nope" },
    });
    expect(badKey.status).toBe(401);
    expect(await tokenCount()).toBe(0);
  });

  it.each(["POST", "GET"] as const)(
    "%s: 400 for an id that is not a positive integer, after authentication",
    async (method) => {
      const fan = await createUser();
      const cookie = await sessionCookie(fan.id);
      for (const userId of ["abc", "0", "-1", "1.5", "1e3", "01", "99999999999", "2147483648", " 1", ""]) {
        const res = await call(tokenRoute[method], method, `/api/queue/token/users/${userId}`, {
          params: { userId },
          headers: cookie,
        });
        expect(res.status, userId).toBe(400);
        expect(res.body.code).toBe(400);
        expect(res.body.detail).toContain("userId");
      }
      expect(await tokenCount()).toBe(0);
    },
  );

  it.each(["POST", "GET"] as const)("%s: 403 for another user's id, whichever credential", async (method) => {
    const [me, other] = [await createUser(), await createUser()];
    for (const headers of [await sessionCookie(me.id), await apiKeyHeader(me.id)]) {
      for (const userId of [other.id, 2_000_000_000]) {
        const res = await call(tokenRoute[method], method, `/api/queue/token/users/${userId}`, {
          params: { userId: String(userId) },
          headers,
        });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ code: 403, message: "forbidden", error: "forbidden" });
      }
    }
    expect(await tokenCount()).toBe(0);
  });

  it.each(["POST", "GET"] as const)(
    "%s: a deleted user's session ends with the account (401); the use case says 404 user not found",
    async (method) => {
      const user = await createUser();
      const cookie = await sessionCookie(user.id);
      await prisma.user.delete({ where: { id: user.id } });
      const res = await call(tokenRoute[method], method, `/api/queue/token/users/${user.id}`, {
        params: { userId: String(user.id) },
        headers: cookie,
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 401, message: "authentication required", error: "authentication_required" });
      // An identity resolved just before the account went (a race) reaches the use case, which says so.
      const useCase = method === "POST" ? issueQueueToken : getQueueToken;
      await expect(useCase(user.id, null, new Date())).rejects.toMatchObject({ status: 404, kind: "user_not_found" });
    },
  );

  it("answers other methods with 405 in the error shape", async () => {
    const res = await call(tokenRoute.PUT, "PUT", "/api/queue/token/users/1", { params: { userId: "1" } });
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ code: 405, message: "method not allowed", error: "method_not_allowed" });
    expect(res.headers.get("allow")).toBe("GET, POST");
  });
});

describe("endpoint 3: GET /api/queue/status", () => {
  it("reports WAIT with position, ETA and Retry-After; ACTIVE with position 0", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const active = await join(a.id);
    const waiting = await join(b.id);
    const w = await poll(waiting.body.token);
    expect(w.status).toBe(200);
    strict(queueStatusSchema).parse(w.body);
    expect(w.body).toEqual({
      queueId: waiting.body.tokenId,
      createdAt: waiting.body.createdAt,
      status: "WAIT",
      position: 1,
      estimatedWaitSeconds: expect.any(Number), // one admission observed: a rate exists
      expiredAt: expect.any(String),
      concertId: null,
      saleState: "ON_SALE",
    });
    expect(w.headers.get("retry-after")).toBe("2");
    expect(w.headers.get("cache-control")).toBe("no-store");
    const act = await poll(active.body.token);
    expect(act.body).toMatchObject({
      status: "ACTIVE",
      position: 0,
      estimatedWaitSeconds: 0,
      expiredAt: active.body.expiredAt,
    });
    expect(Number(act.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("answers 200 EXPIRED for a lapsed token, while the other endpoints say 401 invalid token (expired)", async () => {
    const t0 = new Date("2026-10-10T10:00:00.000Z");
    setNow(t0);
    const fan = await createUser();
    const issued = await join(fan.id);
    setNow(new Date(t0.getTime() + 300_000));
    const res = await poll(issued.body.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "EXPIRED",
      position: 0,
      estimatedWaitSeconds: null,
      expiredAt: issued.body.expiredAt,
    });
    expect(res.headers.get("retry-after")).toBe("30");
    const req = new Request("http://localhost/api/concerts/1/schedules", {
      headers: { authorization: issued.body.token },
    });
    await expect(requireActiveQueueToken(req, new Date(t0.getTime() + 300_000))).rejects.toMatchObject({
      status: 401,
      message: "invalid token",
      detail: "expired",
    });
  });

  it("401 invalid token when absent or malformed, 404 token not found when forged or unknown", async () => {
    const fan = await createUser();
    const { token } = (await join(fan.id)).body as { token: string };
    const forged = token.slice(0, -3) + (token.at(-3) === "A" ? "B" : "A") + token.slice(-2);
    const cases: [string | undefined, number, string][] = [
      [undefined, 401, "invalid token"],
      ["", 401, "invalid token"],
      ["Bearer", 401, "invalid token"],
      ["Bearer not-a-token", 401, "invalid token"],
      ["qt_short", 401, "invalid token"],
      [`Bearer ${token}x`, 401, "invalid token"],
      [`Basic ${Buffer.from("a:b").toString("base64")}`, 401, "invalid token"],
      [`Bearer ${forged}`, 404, "token not found"],
      [`Bearer ${encodeQueueToken(123_456)}`, 404, "token not found"],
      [token, 200, ""],
      [`bearer ${token}`, 200, ""],
    ];
    for (const [authorization, status, message] of cases) {
      const res = authorization === undefined ? await poll(null) : await poll(null, authorization);
      expect(res.status, String(authorization)).toBe(status);
      if (status !== 200) {
        expect(res.body).toMatchObject({ code: status, message });
        expect(res.headers.get("retry-after")).toBeNull();
      }
    }
  });

  it("shares the token checks with booking: WAIT is 403 token not active, unknown 404, ACTIVE passes", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const active = (await join(a.id)).body.token as string;
    const waiting = (await join(b.id)).body.token as string;
    const req = (t: string) => new Request("http://localhost/x", { headers: { authorization: `Bearer ${t}` } });
    const now = new Date();
    await expect(requireActiveQueueToken(req(waiting), now)).rejects.toMatchObject({
      status: 403,
      message: "token not active",
    });
    await expect(requireActiveQueueToken(req(encodeQueueToken(999_999)), now)).rejects.toMatchObject({ status: 404 });
    await expect(requireActiveQueueToken(new Request("http://localhost/x"), now)).rejects.toMatchObject({
      status: 401,
    });
    await expect(requireActiveQueueToken(req(active), now)).resolves.toMatchObject({ userId: a.id, status: "ACTIVE" });
    await expect(readQueueToken(req(waiting), now)).resolves.toMatchObject({ userId: b.id, status: "WAIT" });
  });
});

describe("one live token per user", () => {
  it("50 simultaneous issues for one user make exactly one token, and every caller gets it", async () => {
    const fan = await createUser();
    const cookie = await sessionCookie(fan.id);
    const results = await Promise.all(Array.from({ length: 50 }, () => join(fan.id, cookie)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const ids = new Set(results.map((r) => r.body.tokenId));
    const tokens = new Set(results.map((r) => r.body.token));
    expect(ids.size).toBe(1);
    expect(tokens.size).toBe(1);
    expect(await prisma.queueToken.count({ where: { userId: fan.id } })).toBe(1);
    // Failed inserts rolled their join number back: numbers stay dense.
    const { lastSeq } = oneRow(
      await prisma.$queryRaw<{ lastSeq: number }[]>`SELECT last_seq AS "lastSeq" FROM queue_counters`,
    );
    expect(lastSeq).toBe(1);
  });
});
