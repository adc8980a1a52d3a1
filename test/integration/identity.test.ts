import { hashSync as bcryptHashSync } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import * as users from "@/app/api/users/route";
import * as keys from "@/app/api/me/api-keys/route";
import * as keyById from "@/app/api/me/api-keys/[id]/route";
import * as health from "@/app/api/health/route";
import * as unknown from "@/app/api/[...path]/route";
import * as balance from "@/app/api/balance/users/[userId]/route";
import { prisma } from "@/lib/db/prisma";
import { toErrorResponse } from "@/lib/http/with-route";
import { createUser as createUserUseCase } from "@/lib/users/create-user";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { call, sessionCookie } from "../helpers/http";
import { createUser } from "../helpers/fixtures";

describe("sign-up", () => {
  it("creates a user with a hashed password and rejects a duplicate email", async () => {
    const body = { email: "New.Fan@Example.com", password: "correct horse", name: "New Fan" };
    const created = await call(users.POST, "POST", "/api/users", { body });
    expect(created.status).toBe(201);
    expect(created.body.userId).toBeGreaterThan(0);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: created.body.userId } });
    expect(row.email).toBe("new.fan@example.com");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.balance).toBe(0);

    const again = await call(users.POST, "POST", "/api/users", { body: { ...body, email: "new.fan@example.com" } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 409, message: "email already registered", error: "email_taken" });
  });

  it("lets exactly one of ten simultaneous sign-ups with one email through", async () => {
    const body = { email: "race@example.com", password: "password123", name: "Racer" };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(users.POST, "POST", "/api/users", { body })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await prisma.user.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it.each([
    [{ email: "bad", password: "password123", name: "X" }, "body.email"],
    [{ email: "a@b.co", password: "short", name: "X" }, "body.password"],
    [{ email: "a@b.co", password: "password123", name: "" }, "body.name"],
    [{ email: "a@b.co", password: "password123", name: "X", admin: true }, "body"],
    [{ email: "a@b.co", password: 12345678, name: "X" }, "body.password"],
    [{ email: "a@b.co", password: "비밀번호".repeat(7), name: "X" }, "body.password"],
  ])("rejects %j with a 400 naming the field", async (body, field) => {
    const res = await call(users.POST, "POST", "/api/users", { body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(400);
    expect(res.body.detail).toContain(field);
    expect(await prisma.user.count({ where: { email: "a@b.co" } })).toBe(0);
  });

  // Postgres refuses NUL in text (SQLSTATE 22021): this used to be a 500 after the insert was attempted.
  it.each([
    [{ email: "c@b.co", password: "password123", name: "\u0000" }, "body.name"],
    [{ email: "c@b.co", password: "password123", name: "Eve\u0000Admin" }, "body.name"],
    [{ email: "c@b.co", password: "password123", name: "Line\nbreak" }, "body.name"],
    [{ email: "c@b.co", password: "password123", name: "Bell\u0007" }, "body.name"],
    [{ email: "c@b.co", password: "password123", name: "C1\u0085" }, "body.name"],
    [{ email: "c@b.co", password: "pass\u0000word123", name: "X" }, "body.password"],
    [{ email: "c\u0000@b.co", password: "password123", name: "X" }, "body.email"],
  ])("refuses control characters in %j with a 400 and creates nobody", async (body, field) => {
    const before = await prisma.user.count();
    const res = await call(users.POST, "POST", "/api/users", { body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, message: "bad request", error: "bad_request" });
    expect(res.body.detail).toContain(field);
    expect(await prisma.user.count()).toBe(before);
  });

  it("trims stray whitespace around a name instead of refusing it", async () => {
    const res = await call(users.POST, "POST", "/api/users", {
      body: { email: "trim@b.co", password: "password123", name: "  Kim Jieun\n" },
    });
    expect(res.status).toBe(201);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: res.body.userId } })).name).toBe("Kim Jieun");
  });

  it("answers text Postgres cannot store with a 400, even past the schemas", async () => {
    const error = await createUserUseCase({ email: "net@b.co", password: "password123", name: "a\u0000b" }).catch(
      (e: unknown) => e,
    );
    const res = toErrorResponse(error);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 400, message: "bad request", error: "bad_request" });
    expect(await prisma.user.count({ where: { email: "net@b.co" } })).toBe(0);
  });

  it("answers malformed JSON, a wrong content type and an oversized body in the error shape", async () => {
    const malformed = await call(users.POST, "POST", "/api/users", {
      rawBody: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.body).toEqual({ code: 400, message: "malformed JSON", error: "malformed_json" });
    const text = await call(users.POST, "POST", "/api/users", {
      rawBody: "email=a",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const huge = await call(users.POST, "POST", "/api/users", {
      rawBody: JSON.stringify({ name: "x".repeat(1_000_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe(413);
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one or an unknown email", async () => {
    const body = { email: "signin@example.com", password: "right password", name: "Signer" };
    const { body: created } = await call(users.POST, "POST", "/api/users", { body });
    expect(await verifyCredentials({ email: "SIGNIN@example.com", password: "right password" })).toMatchObject({
      id: created.userId,
    });
    expect(await verifyCredentials({ email: "signin@example.com", password: "wrong password" })).toBeNull();
    expect(await verifyCredentials({ email: "nobody@example.com", password: "right password" })).toBeNull();
    expect(await verifyCredentials({ email: 42 })).toBeNull();
    expect(await verifyCredentials({ email: "signin@example.com\u0000", password: "right password" })).toBeNull();
  });

  it("accepts a bcrypt hash stored before argon2id, and replaces it on the first successful sign-in", async () => {
    const legacy = bcryptHashSync("old password", 4);
    const user = await prisma.user.create({
      data: { email: "legacy@example.com", name: "Legacy", passwordHash: legacy },
    });
    expect(await verifyCredentials({ email: "legacy@example.com", password: "wrong" })).toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(legacy);
    expect(await verifyCredentials({ email: "legacy@example.com", password: "old password" })).toMatchObject({
      id: user.id,
    });
    const upgraded = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(upgraded).toMatch(/^\$argon2id\$/);
    expect(await verifyCredentials({ email: "legacy@example.com", password: "old password" })).toMatchObject({
      id: user.id,
    });
  });
});

describe("API keys", () => {
  it("creates, lists without the key, authenticates with it, and revokes", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const created = await call(keys.POST, "POST", "/api/me/api-keys", { headers: cookie, body: { name: "partner" } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^tk_live_[A-Za-z0-9_-]{43}$/);
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.keyHash).not.toContain(created.body.key);
    expect(JSON.stringify(stored)).not.toContain(created.body.key);

    const listed = await call(keys.GET, "GET", "/api/me/api-keys", { headers: cookie });
    expect(listed.status).toBe(200);
    expect(listed.body.apiKeys).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const key = { "x-api-key": created.body.key };
    const params = { userId: String(user.id) };
    expect((await call(balance.GET, "GET", `/api/balance/users/${user.id}`, { headers: key, params })).status).toBe(
      200,
    );

    const revoked = await call(keyById.DELETE, "DELETE", `/api/me/api-keys/${created.body.id}`, {
      headers: cookie,
      params: { id: String(created.body.id) },
    });
    expect(revoked.status).toBe(204);
    const after = await call(balance.GET, "GET", `/api/balance/users/${user.id}`, { headers: key, params });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 401, message: "authentication required", error: "invalid_api_key" });
  });

  it("does not let one user revoke another's key", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const created = await call(keys.POST, "POST", "/api/me/api-keys", { headers: await sessionCookie(a.id), body: {} });
    const res = await call(keyById.DELETE, "DELETE", `/api/me/api-keys/${created.body.id}`, {
      headers: await sessionCookie(b.id),
      params: { id: String(created.body.id) },
    });
    expect(res.status).toBe(404);
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } })).revokedAt).toBeNull();
  });
});

describe("API keys are managed only from a signed-in session", () => {
  const sessionOnly = {
    code: 403,
    message: "forbidden",
    error: "forbidden",
    detail: "API keys are managed from a signed-in session",
  };

  it("a key cannot mint another key, so a stolen key cannot outlive its revocation", async () => {
    const owner = await createUser();
    const cookie = await sessionCookie(owner.id);
    const a = await call(keys.POST, "POST", "/api/me/api-keys", { headers: cookie, body: { name: "A" } });
    const keyA = { "x-api-key": a.body.key };

    const minted = await call(keys.POST, "POST", "/api/me/api-keys", { headers: keyA, body: { name: "B" } });
    expect(minted.status).toBe(403);
    expect(minted.body).toEqual(sessionOnly);
    expect(await prisma.apiKey.count({ where: { userId: owner.id } })).toBe(1);
    // A key alongside a session cookie is still a key: the header decides who is calling.
    expect(
      (await call(keys.POST, "POST", "/api/me/api-keys", { headers: { ...cookie, ...keyA }, body: {} })).status,
    ).toBe(403);
    expect((await call(keys.GET, "GET", "/api/me/api-keys", { headers: keyA })).body).toEqual(sessionOnly);

    // Once the owner revokes A, the thief holds nothing.
    await call(keyById.DELETE, "DELETE", `/api/me/api-keys/${a.body.id}`, {
      headers: cookie,
      params: { id: String(a.body.id) },
    });
    expect((await call(keys.POST, "POST", "/api/me/api-keys", { headers: keyA, body: {} })).status).toBe(401);
    expect(await prisma.apiKey.count({ where: { userId: owner.id, revokedAt: null } })).toBe(0);
  });

  it("a key cannot revoke the owner's other keys, nor itself", async () => {
    const owner = await createUser();
    const cookie = await sessionCookie(owner.id);
    const a = await call(keys.POST, "POST", "/api/me/api-keys", { headers: cookie, body: { name: "A" } });
    const b = await call(keys.POST, "POST", "/api/me/api-keys", { headers: cookie, body: { name: "B" } });
    const revoke = (id: number, headers: Record<string, string>) =>
      call(keyById.DELETE, "DELETE", `/api/me/api-keys/${id}`, { headers, params: { id: String(id) } });

    const byB = await revoke(a.body.id, { "x-api-key": b.body.key });
    expect(byB.status).toBe(403);
    expect(byB.body).toEqual(sessionOnly);
    expect((await revoke(b.body.id, { "x-api-key": b.body.key })).status).toBe(403);
    expect(await prisma.apiKey.count({ where: { userId: owner.id, revokedAt: null } })).toBe(2);
    expect((await revoke(a.body.id, cookie)).status).toBe(204);
  });

  it("refuses control characters in a key's name with a 400 and stores nothing", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    for (const name of ["\u0000", "shop\u0000", "tab\there", "\u007F"]) {
      const res = await call(keys.POST, "POST", "/api/me/api-keys", { headers: cookie, body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body.detail).toContain("body.name");
    }
    expect(await prisma.apiKey.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("identity rules and error shape", () => {
  it("401s without credentials, with a forged cookie and with an unknown key", async () => {
    expect((await call(keys.GET, "GET", "/api/me/api-keys")).body).toEqual({
      code: 401,
      message: "authentication required",
      error: "authentication_required",
    });
    const forged = await call(keys.GET, "GET", "/api/me/api-keys", {
      headers: { cookie: "next-auth.session-token=eyJhbGciOi.forged" },
    });
    expect(forged.status).toBe(401);
    const unknownKey = await call(keys.GET, "GET", "/api/me/api-keys", { headers: { "x-api-key": "tk_live_nope" } });
    expect(unknownKey.status).toBe(401);
  });

  it("authenticates before validating: a malformed id from an anonymous caller is a 401", async () => {
    const res = await call(keyById.DELETE, "DELETE", "/api/me/api-keys/abc", { params: { id: "abc" } });
    expect(res.status).toBe(401);
    const signedIn = await call(keyById.DELETE, "DELETE", "/api/me/api-keys/abc", {
      params: { id: "abc" },
      headers: await sessionCookie((await createUser()).id),
    });
    expect(signedIn.status).toBe(400);
  });

  it("answers unknown routes with 404 and unsupported methods with 405, both in the error shape", async () => {
    const missing = await call(unknown.GET, "GET", "/api/nope", { params: { path: ["nope"] } });
    expect(missing.body).toMatchObject({ code: 404, message: "not found", error: "not_found" });
    const wrongMethod = await call(health.DELETE, "DELETE", "/api/health");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toEqual({ code: 405, message: "method not allowed", error: "method_not_allowed" });
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });
});
