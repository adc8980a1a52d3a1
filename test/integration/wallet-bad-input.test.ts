import { beforeAll, describe, expect, it } from "vitest";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import * as balance from "@/app/api/balance/users/[userId]/route";
import * as history from "@/app/api/balance/users/[userId]/history/route";
import * as users from "@/app/api/users/route";
import * as keys from "@/app/api/me/api-keys/route";
import * as keyById from "@/app/api/me/api-keys/[id]/route";
import { prisma } from "@/lib/db/prisma";
import type { Handler } from "@/lib/http/with-route";
import { call, sessionCookie, type CallOptions } from "../helpers/http";
import { createUser } from "../helpers/fixtures";
import { apiKeyHeader } from "../helpers/booking-fixtures";

// Hostile and clumsy input on the wallet, sign-up and API-key routes: always a 4xx {code, message},
// never a 500, and nothing in the database moves.

async function state() {
  const [userRows, ledger, apiKeys, idempotency] = await Promise.all([
    prisma.user.findMany({ orderBy: { id: "asc" }, select: { id: true, email: true, balance: true } }),
    prisma.ledgerEntry.findMany({ orderBy: { id: "asc" } }),
    prisma.apiKey.findMany({ orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
    prisma.idempotencyRecord.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { userRows, ledger, apiKeys, idempotency };
}

async function expectRefused(handler: Handler, method: string, path: string, options: CallOptions, status?: number) {
  const before = await state();
  const res = await call(handler, method, path, options);
  expect(
    res.status,
    `${method} ${path} ${JSON.stringify(options.body ?? options.rawBody ?? options.query ?? options.params)?.slice(0, 80)}`,
  ).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ code: res.status, message: expect.any(String) });
  expect(Object.keys(res.body).every((k) => ["code", "message", "error", "detail"].includes(k))).toBe(true);
  expect(await state()).toEqual(before);
  return res;
}

const BAD_IDS = ["abc", "-1", "0", "1.5", "99999999999", "2147483648", "1e3", "01", " 7", "0x10", ""];
const BAD_AMOUNTS: unknown[] = ["1000", 1.5, 0, -5, 1_000_001, 1e21, null, true, [], {}, [1000]];
const JSON_HEADERS = { "content-type": "application/json" };
const ONE_MB = JSON.stringify({ amount: 1000, pad: "x".repeat(1_048_576) });

let alice: { id: number; cookie: Record<string, string> };

beforeAll(async () => {
  const user = await createUser({ balance: 0 });
  alice = { id: user.id, cookie: await sessionCookie(user.id) };
  // Some history, so "nothing changed" compares real rows.
  await call(charge.POST, "POST", `/api/balance/users/${user.id}/charge`, {
    params: { userId: String(user.id) },
    body: { amount: 10_000 },
    headers: { ...alice.cookie, "idempotency-key": "seed" },
  });
});

describe("charge (endpoint 8) refuses bad input", () => {
  const chargeReq = (options: CallOptions & { userId?: string }) =>
    expectRefused(charge.POST, "POST", `/api/balance/users/${options.userId ?? alice.id}/charge`, {
      params: { userId: options.userId ?? String(alice.id) },
      ...options,
      headers: { ...alice.cookie, ...options.headers },
    });

  it.each(BAD_IDS)("path userId %j -> 400", async (id) => {
    const res = await chargeReq({ userId: id, body: { amount: 100 } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain("path.userId");
  });

  it.each(BAD_AMOUNTS.map((a) => [a]))("amount %j -> 400 invalid charge amount", async (amount) => {
    const res = await chargeReq({ body: { amount } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("invalid charge amount");
    expect(res.body.detail).toContain("body.amount");
  });

  it.each([
    ["missing amount", {}],
    ["an extra field", { amount: 100, userId: 1 }],
    ["an array body", [{ amount: 100 }]],
    ["a number body", 100],
    ["a string body", "100"],
    ["a null body", null],
  ])("%s -> 400 invalid charge amount", async (_label, body) => {
    const res = await chargeReq({ body });
    expect(res.body.message).toBe("invalid charge amount");
  });

  it("a 1e400 literal (Infinity after parsing) -> 400 invalid charge amount", async () => {
    const res = await chargeReq({ rawBody: '{"amount": 1e400}', headers: JSON_HEADERS });
    expect(res.body.message).toBe("invalid charge amount");
  });

  it("malformed JSON, wrong or missing content type, an empty body and a 1 MB body", async () => {
    expect((await chargeReq({ rawBody: '{"amount": 10', headers: JSON_HEADERS })).body).toEqual({
      code: 400,
      message: "malformed JSON",
      error: "malformed_json",
    });
    expect(
      (await chargeReq({ rawBody: "amount=10", headers: { "content-type": "application/x-www-form-urlencoded" } }))
        .status,
    ).toBe(415);
    expect((await chargeReq({ rawBody: '{"amount": 10}' })).status).toBe(415);
    expect((await chargeReq({ rawBody: "", headers: JSON_HEADERS })).status).toBe(400);
    expect((await chargeReq({})).status).toBe(400);
    expect((await chargeReq({ rawBody: ONE_MB, headers: JSON_HEADERS })).status).toBe(413);
    expect(
      (await chargeReq({ rawBody: ONE_MB, headers: { ...JSON_HEADERS, "content-length": String(ONE_MB.length) } }))
        .status,
    ).toBe(413);
  });
});

describe("balance (endpoint 9) and history refuse bad input", () => {
  it.each(BAD_IDS)("path userId %j -> 400 on both", async (id) => {
    for (const [handler, suffix] of [
      [balance.GET, ""],
      [history.GET, "/history"],
    ] as const) {
      const res = await expectRefused(
        handler,
        "GET",
        `/api/balance/users/${id}${suffix}`,
        { params: { userId: id }, headers: alice.cookie },
        400,
      );
      expect(res.body.detail).toContain("path.userId");
    }
  });

  it.each<Record<string, string>>([
    { limit: "0" },
    { limit: "-1" },
    { limit: "101" },
    { limit: "abc" },
    { limit: "1.5" },
    { limit: "1e2" },
    { limit: "" },
    { cursor: "0" },
    { cursor: "abc" },
    { cursor: "99999999999" },
    { cursor: "-3" },
    { page: "2" },
  ])("history query %j -> 400", async (query) => {
    const res = await expectRefused(
      history.GET,
      "GET",
      `/api/balance/users/${alice.id}/history`,
      {
        params: { userId: String(alice.id) },
        headers: alice.cookie,
        query,
      },
      400,
    );
    expect(res.body.detail).toMatch(/^query/);
  });

  it("accepts the boundaries: limit 1 and 100", async () => {
    for (const limit of ["1", "100"]) {
      const res = await call(history.GET, "GET", `/api/balance/users/${alice.id}/history`, {
        params: { userId: String(alice.id) },
        headers: alice.cookie,
        query: { limit },
      });
      expect(res.status).toBe(200);
    }
  });
});

describe("sign-up refuses bad input", () => {
  const valid = { email: "valid@example.com", password: "password123", name: "Valid" };
  it.each([
    ["missing email", { password: "password123", name: "X" }],
    ["missing everything", {}],
    ["a numeric email", { ...valid, email: 42 }],
    ["an array name", { ...valid, name: ["X"] }],
    ["a null password", { ...valid, password: null }],
    ["a 73-character password", { ...valid, password: "p".repeat(73) }],
    ["a 51-character name", { ...valid, name: "n".repeat(51) }],
    ["a 300-character email", { ...valid, email: `${"e".repeat(290)}@example.com` }],
    ["an extra field", { ...valid, balance: 1_000_000 }],
    ["a NUL in the name", { ...valid, name: "Kim\u0000" }],
    ["only a NUL as the name", { ...valid, name: "\u0000" }],
    ["an escape character in the name", { ...valid, name: "\u001b[31mred" }],
    ["a NUL in the password", { ...valid, password: "password\u0000123" }],
    ["a NUL in the email", { ...valid, email: "fan\u0000@example.com" }],
    ["an array body", [valid]],
    ["a string body", "valid@example.com"],
  ])("%s -> 400", async (_label, body) => {
    await expectRefused(users.POST, "POST", "/api/users", { body }, 400);
  });

  it("malformed JSON, wrong content type and a 1 MB body", async () => {
    await expectRefused(users.POST, "POST", "/api/users", { rawBody: "{", headers: JSON_HEADERS }, 400);
    await expectRefused(
      users.POST,
      "POST",
      "/api/users",
      { rawBody: JSON.stringify(valid), headers: { "content-type": "text/plain" } },
      415,
    );
    await expectRefused(
      users.POST,
      "POST",
      "/api/users",
      { rawBody: JSON.stringify({ ...valid, name: "x".repeat(1_048_576) }), headers: JSON_HEADERS },
      413,
    );
  });
});

describe("API-key routes refuse bad input", () => {
  it.each([
    ["a numeric name", { name: 123 }],
    ["a 61-character name", { name: "n".repeat(61) }],
    ["an extra field", { name: "ok", userId: 1 }],
    ["an array body", [{ name: "ok" }]],
    ["a null body", null],
    ["a NUL name", { name: "\u0000" }],
    ["a name with a NUL inside", { name: "shop\u0000bot" }],
    ["a name with a newline inside", { name: "shop\nbot" }],
  ])("create with %s -> 400", async (_label, body) => {
    await expectRefused(keys.POST, "POST", "/api/me/api-keys", { body, headers: alice.cookie }, 400);
  });

  it("create with malformed JSON, wrong content type and a 1 MB body", async () => {
    await expectRefused(
      keys.POST,
      "POST",
      "/api/me/api-keys",
      { rawBody: "{]", headers: { ...alice.cookie, ...JSON_HEADERS } },
      400,
    );
    await expectRefused(
      keys.POST,
      "POST",
      "/api/me/api-keys",
      { rawBody: '{"name":"x"}', headers: { ...alice.cookie, "content-type": "text/xml" } },
      415,
    );
    await expectRefused(
      keys.POST,
      "POST",
      "/api/me/api-keys",
      { rawBody: JSON.stringify({ name: "x".repeat(1_048_576) }), headers: { ...alice.cookie, ...JSON_HEADERS } },
      413,
    );
  });

  it.each(BAD_IDS)("revoke id %j -> 400", async (id) => {
    await expectRefused(
      keyById.DELETE,
      "DELETE",
      `/api/me/api-keys/${id}`,
      { params: { id }, headers: alice.cookie },
      400,
    );
  });

  it("with an API key instead of a session: 403 on list, create and revoke, and nothing changes", async () => {
    const key = await apiKeyHeader(alice.id);
    const { id } = await prisma.apiKey.findFirstOrThrow({ where: { userId: alice.id }, orderBy: { id: "desc" } });
    const detail = "API keys are managed from a signed-in session";
    for (const res of [
      await expectRefused(keys.GET, "GET", "/api/me/api-keys", { headers: key }, 403),
      await expectRefused(keys.POST, "POST", "/api/me/api-keys", { body: { name: "more" }, headers: key }, 403),
      await expectRefused(
        keyById.DELETE,
        "DELETE",
        `/api/me/api-keys/${id}`,
        { params: { id: String(id) }, headers: key },
        403,
      ),
    ]) {
      expect(res.body).toEqual({ code: 403, message: "forbidden", error: "forbidden", detail });
    }
  });

  it("revoking an unknown id is a 404 and revokes nothing", async () => {
    await expectRefused(
      keyById.DELETE,
      "DELETE",
      "/api/me/api-keys/2147483647",
      { params: { id: "2147483647" }, headers: alice.cookie },
      404,
    );
  });
});

describe("authorization matrix on endpoints 8, 9 and history", () => {
  it("user B's session and B's API key against A: 403 and nothing changes; no credentials: 401", async () => {
    const bob = await createUser({ balance: 777 });
    const bobCredentials = [await sessionCookie(bob.id), await apiKeyHeader(bob.id)];
    const a = String(alice.id);
    for (const headers of [...bobCredentials, ...bobCredentials.map((h) => ({ ...h, "idempotency-key": "steal" }))]) {
      const refused = [
        await expectRefused(charge.POST, "POST", `/api/balance/users/${a}/charge`, {
          params: { userId: a },
          body: { amount: 1_000 },
          headers,
        }),
        await expectRefused(balance.GET, "GET", `/api/balance/users/${a}`, { params: { userId: a }, headers }),
        await expectRefused(history.GET, "GET", `/api/balance/users/${a}/history`, { params: { userId: a }, headers }),
      ];
      for (const res of refused) expect(res.body).toEqual({ code: 403, message: "forbidden", error: "forbidden" });
    }
    const anonymous: Record<string, string>[] = [
      {},
      { "x-api-key": "tk_live_not-a-real-key" },
      { cookie: "next-auth.session-token=forged" },
    ];
    for (const headers of anonymous) {
      for (const [handler, method, suffix, body] of [
        [charge.POST, "POST", "/charge", { amount: 1_000 }],
        [balance.GET, "GET", "", undefined],
        [history.GET, "GET", "/history", undefined],
      ] as const) {
        const res = await expectRefused(
          handler,
          method,
          `/api/balance/users/${a}${suffix}`,
          { params: { userId: a }, body, headers },
          401,
        );
        expect(res.body.message).toBe("authentication required");
      }
    }
    // A malformed id from an anonymous caller is a 401 (authentication first), from B a 400.
    await expectRefused(balance.GET, "GET", "/api/balance/users/abc", { params: { userId: "abc" } }, 401);
    await expectRefused(
      balance.GET,
      "GET",
      "/api/balance/users/abc",
      { params: { userId: "abc" }, headers: bobCredentials[0] },
      400,
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: bob.id } })).balance).toBe(777);
  });

  it("a revoked API key is refused with 401", async () => {
    const key = await apiKeyHeader(alice.id);
    await prisma.apiKey.updateMany({ where: { userId: alice.id }, data: { revokedAt: new Date() } });
    const a = String(alice.id);
    await expectRefused(
      charge.POST,
      "POST",
      `/api/balance/users/${a}/charge`,
      { params: { userId: a }, body: { amount: 5 }, headers: key },
      401,
    );
  });
});
