import { expect, it } from "vitest";
import * as me from "@/app/api/me/route";
import { prisma } from "@/lib/db/prisma";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";

// GET /api/me (ONSALE.md, "Tickets"): a partner reads its own user id instead of being told it.
it("answers who the session or API key belongs to, and 401s without credentials", async () => {
  const user = await createUser({ balance: 12_345 });
  const other = await createUser();
  const bySession = await call(me.GET, "GET", "/api/me", { headers: await sessionCookie(user.id) });
  expect(bySession.status).toBe(200);
  expect(bySession.body).toEqual({ id: user.id, email: user.email, name: user.name, role: "FAN", balance: 12_345 });
  const byKey = await call(me.GET, "GET", "/api/me", { headers: await apiKeyHeader(other.id) });
  expect(byKey.body.id).toBe(other.id);
  expect((await call(me.GET, "GET", "/api/me")).body).toEqual({
    code: 401,
    message: "authentication required",
    error: "authentication_required",
  });
  expect((await call(me.POST, "POST", "/api/me", { body: {} })).status).toBe(405);
});

it("401s a session whose account no longer exists (the session went with it)", async () => {
  const user = await createUser();
  const cookie = await sessionCookie(user.id);
  await prisma.user.delete({ where: { id: user.id } });
  expect((await call(me.GET, "GET", "/api/me", { headers: cookie })).body.error).toBe("authentication_required");
});
