import { describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/admin/audit/route";
import * as concertsRoute from "@/app/api/admin/concerts/route";
import * as concertRoute from "@/app/api/admin/concerts/[concertId]/route";
import * as roomRoute from "@/app/api/admin/concerts/[concertId]/room/route";
import * as schedulesRoute from "@/app/api/admin/concerts/[concertId]/schedules/route";
import * as sectionsRoute from "@/app/api/admin/concerts/[concertId]/schedules/[scheduleId]/sections/route";
import * as generalRoomRoute from "@/app/api/admin/room/route";
import * as usersRoute from "@/app/api/admin/users/route";
import * as roleRoute from "@/app/api/admin/users/[userId]/role/route";
import { prisma } from "@/lib/db/prisma";
import { apiOperations } from "@/lib/openapi/api-operations";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { handlerFor } from "../helpers/openapi";

// Roles (ONSALE.md, "Roles"): who may call /api/admin/**, that a role is read on every request, and that
// there is always an admin left, even when admins revoke each other at the same moment.

const DAY = 24 * 3600 * 1000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const layout = { concertAt: future(30), reservationAt: future(-1), sections: [{ name: "A", price: 1_000, seats: 2 }] };

/**
 * A valid body for every admin operation that takes one, so the gate is what answers (input is validated
 * before the role is checked, as the contract orders it). An admin route added without a sample here fails
 * the table below: add one.
 */
const SAMPLE_BODIES: Record<string, unknown> = {
  "post /api/admin/concerts": { name: "Gate", schedules: [layout] },
  "patch /api/admin/concerts/{concertId}": { name: "Renamed" },
  "post /api/admin/concerts/{concertId}/schedules": layout,
  "put /api/admin/concerts/{concertId}/schedules/{scheduleId}/sections": { sections: layout.sections },
  "put /api/admin/concerts/{concertId}/room": { prequeueOpensAt: future(1), salesStartAt: future(2) },
  "patch /api/admin/concerts/{concertId}/room": { paused: true },
  "patch /api/admin/room": { paused: true },
  "put /api/admin/users/{userId}/role": { role: "ADMIN" },
  "post /api/admin/check-in": { code: "ABCD2345", scheduleId: 1 },
};

const adminOperations = apiOperations.filter((op) => op.path.startsWith("/api/admin/") || op.path === "/api/admin");

async function admin() {
  const user = await createUser({ role: "ADMIN" });
  return { id: user.id, email: user.email, key: await apiKeyHeader(user.id), cookie: await sessionCookie(user.id) };
}

async function adminCount(): Promise<number> {
  return prisma.user.count({ where: { role: "ADMIN" } });
}

function setRole(headers: Record<string, string>, userId: number, role: "ADMIN" | "FAN") {
  return call(roleRoute.PUT, "PUT", `/api/admin/users/${userId}/role`, {
    params: { userId: String(userId) },
    body: { role },
    headers,
  });
}

describe("/api/admin/** is for admins only", () => {
  it("covers every admin operation of the document (and finds them)", () => {
    expect(adminOperations.length).toBeGreaterThanOrEqual(17);
    for (const op of adminOperations) {
      expect(op.credentials, `${op.method} ${op.path}`).toBe("admin");
      if (op.body)
        expect(SAMPLE_BODIES, `add a valid sample body for ${op.method} ${op.path}`).toHaveProperty([
          `${op.method} ${op.path}`,
        ]);
    }
  });

  it.each(adminOperations.map((op) => [op.method.toUpperCase(), op.path, op] as const))(
    "%s %s: 401 without identity, 403 to a fan (cookie or key), and nothing written",
    async (method, path, op) => {
      const handler = await handlerFor(method, path);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n) => [n, "1"]));
      const url = path.replace(/\{(\w+)\}/g, "1");
      const body = SAMPLE_BODIES[`${op.method} ${op.path}`];
      const fan = await createUser();
      const auditBefore = await prisma.auditEntry.count();

      const anonymous = await call(handler, method, url, { params, body });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ code: 401, error: "authentication_required" });
      for (const headers of [await sessionCookie(fan.id), await apiKeyHeader(fan.id)]) {
        const res = await call(handler, method, url, { params, body, headers });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ code: 403, message: "forbidden", error: "forbidden", detail: "admins only" });
      }
      expect(await prisma.auditEntry.count()).toBe(auditBefore);
    },
  );

  it("lets an admin through with a session cookie or an API key", async () => {
    const a = await admin();
    for (const headers of [a.cookie, a.key]) {
      expect((await call(auditRoute.GET, "GET", "/api/admin/audit", { headers })).status).toBe(200);
      expect((await call(concertsRoute.GET, "GET", "/api/admin/concerts", { headers })).status).toBe(200);
    }
  });

  it("checks identity before input: a malformed id from an anonymous caller is a 401, from a fan a 400", async () => {
    const fan = await createUser();
    const params = { concertId: "x" };
    expect((await call(concertRoute.GET, "GET", "/api/admin/concerts/x", { params })).status).toBe(401);
    const res = await call(concertRoute.GET, "GET", "/api/admin/concerts/x", {
      params,
      headers: await sessionCookie(fan.id),
    });
    expect(res.status).toBe(400);
  });

  it("takes the role away at once: a revoked admin's next request is a 403", async () => {
    const [a, b] = [await admin(), await admin()];
    expect((await call(auditRoute.GET, "GET", "/api/admin/audit", { headers: b.key })).status).toBe(200);
    expect((await setRole(a.key, b.id, "FAN")).body).toMatchObject({ userId: b.id, role: "FAN" });
    for (const headers of [b.key, b.cookie]) {
      expect((await call(auditRoute.GET, "GET", "/api/admin/audit", { headers })).status).toBe(403);
    }
    expect((await setRole(b.key, a.id, "FAN")).status).toBe(403);
    // And granted again, at once too.
    expect((await setRole(a.key, b.id, "ADMIN")).body.role).toBe("ADMIN");
    expect((await call(auditRoute.GET, "GET", "/api/admin/audit", { headers: b.cookie })).status).toBe(200);
  });
});

describe("PUT /api/admin/users/{userId}/role", () => {
  it("refuses to revoke the last admin, and records nothing", async () => {
    await prisma.user.updateMany({ where: { role: "ADMIN" }, data: { role: "FAN" } });
    const only = await admin();
    const auditBefore = await prisma.auditEntry.count();
    const res = await setRole(only.key, only.id, "FAN");
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 409, message: "last admin", error: "last_admin" });
    expect(await adminCount()).toBe(1);
    expect(await prisma.auditEntry.count()).toBe(auditBefore);
    // With a second admin, an admin may step down.
    const other = await admin();
    expect((await setRole(only.key, only.id, "FAN")).body.role).toBe("FAN");
    expect(await adminCount()).toBe(1);
    expect((await setRole(other.key, other.id, "FAN")).status).toBe(409);
  });

  it("never leaves zero admins when the last two revoke each other at the same moment", async () => {
    for (let round = 0; round < 15; round++) {
      await prisma.user.updateMany({ where: { role: "ADMIN" }, data: { role: "FAN" } });
      const [a, b] = [await admin(), await admin()];
      const results = await Promise.all([setRole(a.key, b.id, "FAN"), setRole(b.key, a.id, "FAN")]);
      const statuses = results.map((r) => r.status).sort();
      // The winner's victim is no admin any more when its own request gets the lock (403); had it been
      // counted, it would have been the last admin (409).
      expect(statuses[0], JSON.stringify(results.map((r) => r.body))).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      expect(await adminCount()).toBe(1);
    }
  });

  it("keeps an admin when every admin revokes every other at once", async () => {
    await prisma.user.updateMany({ where: { role: "ADMIN" }, data: { role: "FAN" } });
    const admins = await Promise.all(Array.from({ length: 5 }, () => admin()));
    const results = await Promise.all(
      admins.flatMap((a) => admins.filter((b) => b !== a).map((b) => setRole(a.key, b.id, "FAN"))),
    );
    expect(results.every((r) => [200, 403, 409].includes(r.status))).toBe(true);
    expect(await adminCount()).toBeGreaterThanOrEqual(1);
    // The survivors are exactly the admins no successful revocation named (as the audit log records them).
    const remaining = await prisma.user.findMany({ where: { role: "ADMIN" }, select: { id: true } });
    const revoked = await prisma.auditEntry.findMany({
      where: { action: "user.role", target: { in: admins.map((a) => `user:${a.id}`) } },
      select: { target: true, after: true },
    });
    expect(revoked.every((e) => (e.after as { role: string }).role === "FAN")).toBe(true);
    const gone = new Set(revoked.map((e) => Number(e.target.split(":")[1])));
    expect(remaining.map((r) => r.id).sort()).toEqual(
      admins
        .map((a) => a.id)
        .filter((id) => !gone.has(id))
        .sort(),
    );
  });

  it("grants the role, records before and after, and changes nothing when the role is already set", async () => {
    const a = await admin();
    const fan = await createUser();
    const granted = await setRole(a.cookie, fan.id, "ADMIN");
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual({
      userId: fan.id,
      email: fan.email,
      name: fan.name,
      role: "ADMIN",
      createdAt: fan.createdAt.toISOString(),
    });
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { target: `user:${fan.id}` } });
    expect(entry).toMatchObject({
      actorId: a.id,
      action: "user.role",
      before: { email: fan.email, role: "FAN" },
      after: { email: fan.email, role: "ADMIN" },
    });
    const again = await setRole(a.cookie, fan.id, "ADMIN");
    expect(again.body.role).toBe("ADMIN");
    expect(await prisma.auditEntry.count({ where: { target: `user:${fan.id}` } })).toBe(1);
    expect((await setRole(a.cookie, 2_000_000, "ADMIN")).body).toMatchObject({ code: 404, error: "user_not_found" });
    for (const body of [{ role: "ROOT" }, { role: "ADMIN", extra: 1 }, {}]) {
      const res = await call(roleRoute.PUT, "PUT", `/api/admin/users/${fan.id}/role`, {
        params: { userId: String(fan.id) },
        body,
        headers: a.cookie,
      });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/^body/);
    }
  });
});

describe("GET /api/admin/users", () => {
  function search(headers: Record<string, string>, query: Record<string, string>) {
    return call(usersRoute.GET, "GET", "/api/admin/users", { headers, query });
  }

  it("finds users by exact email or its beginning, in any case, exact match first", async () => {
    const a = await admin();
    const kim = await createUser({ email: "kim@search.test" });
    const kimmy = await createUser({ email: "kim@search.testing" });
    await createUser({ email: "lee@search.test" });
    const byPrefix = await search(a.key, { email: "KIM@Search" });
    expect(byPrefix.body.users.map((u: { userId: number }) => u.userId)).toEqual([kim.id, kimmy.id]);
    expect((await search(a.key, { email: "kim@search.test" })).body.users[0].userId).toBe(kim.id);
    expect((await search(a.key, { email: "nobody@" })).body.users).toEqual([]);
    expect((await search(a.key, { email: "kim@search", limit: "1" })).body.users).toHaveLength(1);
  });

  it("treats % and _ as literal characters, and filters by role", async () => {
    const a = await admin();
    await createUser({ email: "a_b@like.test" });
    await createUser({ email: "axb@like.test" });
    expect((await search(a.key, { email: "a_b" })).body.users.map((u: { email: string }) => u.email)).toEqual([
      "a_b@like.test",
    ]);
    expect((await search(a.key, { email: "%" })).body.users).toEqual([]);
    const admins = await search(a.key, { role: "ADMIN", limit: "100" });
    expect(admins.body.users.every((u: { role: string }) => u.role === "ADMIN")).toBe(true);
    expect(admins.body.users.some((u: { userId: number }) => u.userId === a.id)).toBe(true);
  });

  it("refuses bad queries", async () => {
    const a = await admin();
    const queries: Record<string, string>[] = [
      { email: "" },
      { email: "a\u0000b" },
      { limit: "0" },
      { limit: "101" },
      { role: "x" },
      { x: "1" },
    ];
    for (const query of queries) {
      const res = await search(a.key, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.detail).toMatch(/^query/);
    }
  });
});

describe("the audit log", () => {
  it("records every admin write with its actor, action, target, before and after, newest first", async () => {
    const a = await admin();
    const headers = a.key;
    const fan = await createUser();
    const created = await call(concertsRoute.POST, "POST", "/api/admin/concerts", {
      headers,
      body: { name: "Audited", venue: "Hall", schedules: [layout] },
    });
    const concertId = created.body.concertId as number;
    const scheduleId = created.body.schedules[0].scheduleId as number;
    const p = { concertId: String(concertId) };
    await call(concertRoute.PATCH, "PATCH", `/api/admin/concerts/${concertId}`, {
      params: p,
      headers,
      body: { name: "Audited, renamed" },
    });
    const added = await call(schedulesRoute.POST, "POST", "x", { params: p, headers, body: layout });
    await call(sectionsRoute.PUT, "PUT", "x", {
      params: { ...p, scheduleId: String(scheduleId) },
      headers,
      body: { sections: [{ name: "B", price: 2_000, seats: 3 }] },
    });
    await call(roomRoute.PUT, "PUT", "x", {
      params: p,
      headers,
      body: SAMPLE_BODIES["put /api/admin/concerts/{concertId}/room"],
    });
    await call(roomRoute.PATCH, "PATCH", "x", { params: p, headers, body: { activeCapacity: 7 } });
    await call(roomRoute.DELETE, "DELETE", "x", { params: p, headers });
    await call(generalRoomRoute.PATCH, "PATCH", "x", { headers, body: { activeCapacity: 9 } });
    await setRole(headers, fan.id, "ADMIN");

    const page = await call(auditRoute.GET, "GET", "/api/admin/audit", { headers, query: { limit: "9" } });
    expect(page.status).toBe(200);
    const entries = page.body.entries as {
      id: number;
      actor: { id: number; email: string };
      action: string;
      target: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ["user.role", `user:${fan.id}`],
      ["room.update", "room:general"],
      ["room.delete", `concert:${concertId}`],
      ["room.update", `concert:${concertId}`],
      ["room.create", `concert:${concertId}`],
      ["schedule.layout", `schedule:${scheduleId}`],
      ["schedule.create", `schedule:${added.body.scheduleId}`],
      ["concert.update", `concert:${concertId}`],
      ["concert.create", `concert:${concertId}`],
    ]);
    for (const e of entries) expect(e.actor).toEqual({ id: a.id, email: a.email });
    const byAction = (action: string) => entries.find((e) => e.action === action)!;
    expect(byAction("concert.create").before).toBeNull();
    expect(byAction("concert.create").after).toMatchObject({ name: "Audited", venue: "Hall" });
    expect(byAction("concert.update").before).toMatchObject({ name: "Audited" });
    expect(byAction("concert.update").after).toMatchObject({ name: "Audited, renamed", venue: "Hall" });
    expect(byAction("schedule.layout").before).toMatchObject({ seats: 2, sections: [{ name: "A", price: 1_000 }] });
    expect(byAction("schedule.layout").after).toMatchObject({ seats: 3, sections: [{ name: "B", price: 2_000 }] });
    expect(byAction("room.delete").after).toBeNull();
    expect(byAction("room.delete").before).toMatchObject({ concertId, activeCapacity: 7 });
    expect(JSON.stringify(entries)).not.toMatch(/drawSeed/);

    // Keyset pages: older entries after `nextBefore`, none repeated.
    const first = await call(auditRoute.GET, "GET", "x", { headers, query: { limit: "4" } });
    const second = await call(auditRoute.GET, "GET", "x", {
      headers,
      query: { limit: "5", before: String(first.body.nextBefore) },
    });
    expect([...first.body.entries, ...second.body.entries].map((e: { id: number }) => e.id)).toEqual(
      entries.map((e) => e.id),
    );
    expect((await call(auditRoute.GET, "GET", "x", { headers, query: { before: "0" } })).status).toBe(400);
    expect((await call(auditRoute.GET, "GET", "x", { headers, query: { limit: "201" } })).status).toBe(400);
  });
});
