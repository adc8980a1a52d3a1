import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { apiOperations } from "@/lib/openapi/api-operations";
import { call, sessionCookie, type CallOptions } from "../helpers/http";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { fund, queueToken } from "../helpers/booking-fixtures";
import { checkedResponses, expectDocumented, handlerFor } from "../helpers/openapi";

// A partner's whole journey through real route handlers, every response (successes and failures)
// checked against the OpenAPI document's own JSON Schemas. Each part of the journey is a test that
// makes its own fixtures, so any one runs alone (-t); the last runs them all again and requires that
// every documented operation answered its success status at least once.

type Params = Record<string, string | number>;

async function hit(method: string, template: string, params: Params = {}, options: Omit<CallOptions, "params"> = {}) {
  const handler = await handlerFor(method, template);
  const concrete = template.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name]));
  const res = await call(handler, method, concrete, {
    ...options,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  });
  expectDocumented(method, template, res);
  return res;
}

/** A signed-up partner with a session cookie and an API key (stored hashed, as the account page does). */
async function partner(options: { balance?: number } = {}) {
  const user = await createUser();
  // Funded the way a charge is (a ledger row too), so the wallet history starts as after a real charge.
  if (options.balance) await fund(user.id, options.balance);
  return { id: user.id, cookie: await sessionCookie(user.id), key: await apiKeyHeader(user.id) };
}

/** A concert with one schedule of 5 seats at ₩30,000, and another concert's schedule. */
async function concerts() {
  const concert = await createConcertWithSeats({ seats: 5, price: 30_000 });
  const other = await createConcertWithSeats({ seats: 1 });
  const schedule = concert.schedules[0]!;
  return {
    concertId: concert.id,
    scheduleId: schedule.id,
    seatIds: schedule.seats.map((s) => s.id),
    otherConcertScheduleId: other.schedules[0]!.id,
  };
}

async function account() {
  const body = {
    email: `partner-${randomBytes(4).toString("hex")}@example.com`,
    password: "password123",
    name: "Partner",
  };
  const created = await hit("POST", "/api/users", {}, { body });
  expect(created.status).toBe(201);
  const cookie = await sessionCookie(created.body.userId);
  expect((await hit("POST", "/api/users", {}, { body })).status).toBe(409);
  expect((await hit("POST", "/api/users", {}, { body: { ...body, email: "nope" } })).status).toBe(400);
  expect(
    (await hit("POST", "/api/users", {}, { rawBody: "{", headers: { "content-type": "application/json" } })).status,
  ).toBe(400);
  expect(
    (await hit("POST", "/api/users", {}, { rawBody: "x", headers: { "content-type": "text/plain" } })).status,
  ).toBe(415);
  const big = JSON.stringify({ ...body, name: "n".repeat(100_000) });
  expect(
    (await hit("POST", "/api/users", {}, { rawBody: big, headers: { "content-type": "application/json" } })).status,
  ).toBe(413);

  const createdKey = await hit("POST", "/api/me/api-keys", {}, { body: { name: "shop" }, headers: cookie });
  expect(createdKey.status).toBe(201);
  const key = { "x-api-key": createdKey.body.key };
  expect((await hit("GET", "/api/me/api-keys", {}, { headers: cookie })).status).toBe(200);
  const me = await hit("GET", "/api/me", {}, { headers: cookie });
  expect(me.body).toMatchObject({ email: body.email, role: "FAN", balance: 0 });
  expect((await hit("GET", "/api/me", {}, { headers: key })).body.id).toBe(me.body.id);
  expect((await hit("GET", "/api/me")).status).toBe(401);
  expect((await hit("GET", "/api/me/api-keys")).status).toBe(401);
  expect((await hit("POST", "/api/me/api-keys", {}, { body: { name: 5 }, headers: cookie })).status).toBe(400);
  const spare = await hit("POST", "/api/me/api-keys", {}, { body: {}, headers: cookie });
  // Keys are managed only from a signed-in session: a key gets 403 on all three.
  expect((await hit("GET", "/api/me/api-keys", {}, { headers: key })).status).toBe(403);
  expect((await hit("POST", "/api/me/api-keys", {}, { body: {}, headers: key })).status).toBe(403);
  expect((await hit("DELETE", "/api/me/api-keys/{id}", { id: spare.body.id }, { headers: key })).status).toBe(403);
  expect((await hit("DELETE", "/api/me/api-keys/{id}", { id: spare.body.id }, { headers: cookie })).status).toBe(204);
  expect((await hit("DELETE", "/api/me/api-keys/{id}", { id: spare.body.id }, { headers: cookie })).status).toBe(404);
  expect((await hit("DELETE", "/api/me/api-keys/{id}", { id: "x" }, { headers: cookie })).status).toBe(400);
}

async function system() {
  await concerts();
  const list = await hit("GET", "/api/concerts");
  expect(list.status).toBe(200);
  expect(list.body.concerts.length).toBeGreaterThanOrEqual(2);
  expect((await hit("GET", "/api/health")).status).toBe(200);
  expect((await hit("GET", "/api/openapi.json")).status).toBe(200);
}

async function wallet() {
  const fan = await partner();
  const path = "/api/balance/users/{userId}/charge";
  const p = { userId: fan.id };
  const first = await hit("POST", path, p, {
    body: { amount: 50_000 },
    headers: { ...fan.key, "idempotency-key": "c1" },
  });
  expect(first.body).toEqual({ userId: fan.id, currentAmount: 50_000 });
  const replay = await hit("POST", path, p, {
    body: { amount: 50_000 },
    headers: { ...fan.key, "idempotency-key": "c1" },
  });
  expect(replay.headers.get("idempotent-replayed")).toBe("true");
  expect(
    (await hit("POST", path, p, { body: { amount: 1 }, headers: { ...fan.key, "idempotency-key": "c1" } })).status,
  ).toBe(409);
  expect((await hit("POST", path, p, { body: { amount: 0 }, headers: fan.key })).body.message).toBe(
    "invalid charge amount",
  );
  expect(
    (await hit("POST", path, p, { body: { amount: 1 }, headers: { ...fan.key, "idempotency-key": "" } })).status,
  ).toBe(400);
  expect((await hit("POST", path, p, { body: { amount: 1 } })).status).toBe(401);
  expect(
    (await hit("POST", path, p, { rawBody: "{", headers: { ...fan.key, "content-type": "application/json" } })).status,
  ).toBe(400);
  expect(
    (await hit("POST", path, p, { rawBody: "1", headers: { ...fan.key, "content-type": "text/plain" } })).status,
  ).toBe(415);
  const stranger = await createUser();
  expect((await hit("POST", path, { userId: stranger.id }, { body: { amount: 1 }, headers: fan.key })).status).toBe(
    403,
  );
  const full = await createUser({ balance: 100_000_000 });
  const limit = await hit(
    "POST",
    path,
    { userId: full.id },
    { body: { amount: 1 }, headers: await sessionCookie(full.id) },
  );
  expect(limit.body.detail).toBe("balance limit");

  expect((await hit("GET", "/api/balance/users/{userId}", p, { headers: fan.key })).body.currentAmount).toBe(50_000);
  expect((await hit("GET", "/api/balance/users/{userId}", { userId: stranger.id }, { headers: fan.key })).status).toBe(
    403,
  );
  expect((await hit("GET", "/api/balance/users/{userId}", { userId: "-1" }, { headers: fan.key })).status).toBe(400);
  expect(
    (await hit("GET", "/api/balance/users/{userId}/history", p, { headers: fan.key, query: { limit: "1" } })).body
      .nextCursor,
  ).toBeNull();
  expect(
    (await hit("GET", "/api/balance/users/{userId}/history", p, { headers: fan.key, query: { limit: "500" } })).status,
  ).toBe(400);
}

async function queue() {
  const other = await partner(); // signed up, with a key, never in line
  const fan = await createUser();
  const cookie = await sessionCookie(fan.id);
  const path = "/api/queue/token/users/{userId}";
  const issued = await hit("POST", path, { userId: fan.id }, { headers: cookie });
  expect(issued.status).toBeLessThan(300);
  expect((await hit("POST", path, { userId: fan.id }, { headers: cookie })).body.token).toBe(issued.body.token);
  expect((await hit("POST", path, { userId: other.id }, { headers: cookie })).status).toBe(403);
  expect((await hit("GET", path, { userId: fan.id }, { headers: cookie })).status).toBe(200);
  expect((await hit("GET", path, { userId: other.id }, { headers: other.key })).status).toBe(404);
  expect((await hit("GET", path, { userId: fan.id })).status).toBe(401);
  const status = await hit(
    "GET",
    "/api/queue/status",
    {},
    { headers: { authorization: `Bearer ${issued.body.token}` } },
  );
  expect(status.status).toBe(200);
  expect((await hit("GET", "/api/queue/status")).status).toBe(401);
  const forged = `${issued.body.token.slice(0, -4)}AAAA`;
  expect((await hit("GET", "/api/queue/status", {}, { headers: { authorization: `Bearer ${forged}` } })).body).toEqual({
    code: 404,
    message: "token not found",
    error: "token_not_found",
  });
}

/** An organizer gives a concert a pre-queue room, fans join it, the sale starts and the draw is published. */
async function rooms() {
  const realNow = clock.now;
  try {
    const admin = await partner();
    await prisma.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
    const fan = await partner();
    const { concertId } = await concerts();
    const spare = await concerts();
    const t0 = new Date(Date.now() + 60_000);
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const roomPath = "/api/admin/concerts/{concertId}/room";
    const settings = { prequeueOpensAt: at(0).toISOString(), salesStartAt: at(60).toISOString() };
    expect((await hit("PUT", roomPath, { concertId }, { body: settings, headers: fan.key })).status).toBe(403);
    expect((await hit("PUT", roomPath, { concertId }, { body: settings })).status).toBe(401);
    const put = await hit(
      "PUT",
      roomPath,
      { concertId },
      { body: { ...settings, activeCapacity: 5 }, headers: admin.key },
    );
    expect(put.status).toBe(200);
    expect((await hit("PUT", roomPath, { concertId }, { body: settings, headers: admin.key })).status).toBe(200);
    expect(
      (await hit("PUT", roomPath, { concertId }, { body: { ...settings, salesStartAt: "soon" }, headers: admin.key }))
        .status,
    ).toBe(400);
    expect((await hit("PATCH", roomPath, { concertId }, { body: { paused: false }, headers: admin.key })).status).toBe(
      200,
    );
    expect((await hit("GET", "/api/admin/room", {}, { headers: admin.key })).status).toBe(200);
    expect(
      (await hit("PATCH", "/api/admin/room", {}, { body: { paused: false }, headers: admin.key })).body.paused,
    ).toBe(false);
    expect(
      (await hit("PUT", roomPath, { concertId: spare.concertId }, { body: settings, headers: admin.key })).status,
    ).toBe(200);
    expect((await hit("DELETE", roomPath, { concertId: spare.concertId }, { headers: admin.key })).status).toBe(204);

    const join = "/api/queue/token/users/{userId}";
    expect((await hit("POST", join, { userId: fan.id }, { body: { concertId }, headers: fan.key })).body).toMatchObject(
      {
        error: "room_not_open",
      },
    );
    clock.now = () => at(1);
    const entrant = await hit("POST", join, { userId: fan.id }, { body: { concertId }, headers: fan.key });
    expect(entrant.body).toMatchObject({ status: "WAIT", concertId, saleState: "PREQUEUE" });
    const bearer = { authorization: `Bearer ${entrant.body.token}` };
    expect((await hit("GET", "/api/queue/status", {}, { headers: bearer })).body.position).toBeNull();
    expect((await hit("GET", "/api/concerts/{concertId}/room", { concertId })).body.saleState).toBe("PREQUEUE");
    expect((await hit("GET", "/api/concerts/{concertId}/room/draw", { concertId })).status).toBe(409);
    clock.now = () => at(61);
    expect((await hit("GET", "/api/queue/status", {}, { headers: bearer })).body.status).toBe("ACTIVE");
    const draw = await hit("GET", "/api/concerts/{concertId}/room/draw", { concertId });
    expect(draw.body.entrants).toEqual([entrant.body.tokenId]);
    expect((await hit("GET", "/api/concerts/{concertId}/room", { concertId })).body.drawSeed).toBe(draw.body.drawSeed);
  } finally {
    clock.now = realNow;
  }
}

/** An organizer creates a concert, edits it, sells a seat of it, watches the stats and exports the sales. */
async function organizer() {
  const admin = await partner();
  await prisma.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
  const fan = await partner({ balance: 100_000 });
  const day = 24 * 3600 * 1000;
  const schedule = {
    concertAt: new Date(Date.now() + 30 * day).toISOString(),
    reservationAt: new Date(Date.now() - day).toISOString(),
    sections: [
      { name: "VIP", price: 50_000, seats: 2 },
      { name: "R", price: 30_000, seats: 3 },
    ],
  };
  const concerts = "/api/admin/concerts";
  const body = { name: "Organizer's concert", artist: "Band", schedules: [schedule] };
  expect((await hit("POST", concerts, {}, { body })).status).toBe(401);
  expect((await hit("POST", concerts, {}, { body, headers: fan.key })).status).toBe(403);
  const bad = { ...body, schedules: [{ ...schedule, sections: [{ name: "VIP", price: 0, seats: 2 }] }] };
  expect((await hit("POST", concerts, {}, { body: bad, headers: admin.key })).body.detail).toMatch(
    /^body\.schedules\.0\.sections\.0\.price: /,
  );
  const created = await hit("POST", concerts, {}, { body, headers: admin.key });
  expect(created.status).toBe(201);
  const { concertId } = created.body;
  const scheduleId = created.body.schedules[0].scheduleId;
  expect((await hit("GET", concerts, {}, { headers: admin.key, query: { limit: "2" } })).status).toBe(200);
  expect((await hit("GET", concerts, {}, { headers: admin.key, query: { limit: "x" } })).status).toBe(400);

  const one = "/api/admin/concerts/{concertId}";
  expect((await hit("GET", one, { concertId }, { headers: admin.key })).body.schedules[0].seats.total).toBe(5);
  expect((await hit("GET", one, { concertId: 2_000_000 }, { headers: admin.key })).status).toBe(404);
  expect((await hit("PATCH", one, { concertId }, { body: { venue: "Hall" }, headers: admin.key })).body.venue).toBe(
    "Hall",
  );
  expect((await hit("PATCH", one, { concertId }, { body: {}, headers: admin.key })).status).toBe(400);

  const schedules = "/api/admin/concerts/{concertId}/schedules";
  const added = await hit("POST", schedules, { concertId }, { body: schedule, headers: admin.key });
  expect(added.body).toMatchObject({ seats: 5 });
  expect((await hit("POST", schedules, { concertId: 2_000_000 }, { body: schedule, headers: admin.key })).status).toBe(
    404,
  );
  const sections = "/api/admin/concerts/{concertId}/schedules/{scheduleId}/sections";
  const relaid = await hit(
    "PUT",
    sections,
    { concertId, scheduleId: added.body.scheduleId },
    { body: { sections: [{ name: "Floor", price: 10_000, seats: 7 }] }, headers: admin.key },
  );
  expect(relaid.body.seats.total).toBe(7);

  // A fan buys seat 1 of the first schedule (the concert sells through the general room).
  const seat = await prisma.seat.findFirstOrThrow({ where: { scheduleId, seatNumber: 1 } });
  const headers = { ...fan.key, ...(await queueToken(fan.id)).header };
  const held = await hit(
    "POST",
    "/api/concerts/reservations",
    {},
    { body: { userId: fan.id, concertId, scheduleId, seatId: seat.id }, headers },
  );
  await hit(
    "POST",
    "/api/payment/concerts/users/{userId}",
    { userId: fan.id },
    { body: { reservationId: held.body.reservationId }, headers },
  );
  const locked = await hit(
    "PUT",
    sections,
    { concertId, scheduleId },
    { body: { sections: [{ name: "Floor", price: 10_000, seats: 7 }] }, headers: admin.key },
  );
  expect(locked.body).toMatchObject({ code: 409, error: "layout_locked" });

  const stats = await hit("GET", "/api/admin/concerts/{concertId}/room/stats", { concertId }, { headers: admin.key });
  expect(stats.body).toMatchObject({ soldSeats: 1, revenue: 50_000, concertId });
  expect((await hit("GET", "/api/admin/room/stats", {}, { headers: admin.key })).body.concertId).toBeNull();
  expect((await hit("GET", "/api/admin/room/stats", {}, { headers: admin.key, query: { since: "x" } })).status).toBe(
    400,
  );
  const csv = await hit("GET", "/api/admin/concerts/{concertId}/sales.csv", { concertId }, { headers: admin.key });
  expect(csv.body.split("\r\n")).toHaveLength(3);
  expect(
    (await hit("GET", "/api/admin/concerts/{concertId}/sales.csv", { concertId: 2_000_000 }, { headers: admin.key }))
      .status,
  ).toBe(404);

  const audit = await hit("GET", "/api/admin/audit", {}, { headers: admin.key, query: { limit: "1" } });
  expect(audit.body.nextBefore).toEqual(expect.any(Number));
  const found = await hit("GET", "/api/admin/users", {}, { headers: admin.key, query: { email: "PARTNER" } });
  expect(found.status).toBe(200);
  const role = "/api/admin/users/{userId}/role";
  expect((await hit("PUT", role, { userId: fan.id }, { body: { role: "ADMIN" }, headers: admin.key })).body.role).toBe(
    "ADMIN",
  );
  expect((await hit("PUT", role, { userId: fan.id }, { body: { role: "FAN" }, headers: admin.key })).body.role).toBe(
    "FAN",
  );
  expect((await hit("PUT", role, { userId: 2_000_000 }, { body: { role: "FAN" }, headers: admin.key })).status).toBe(
    404,
  );
  expect((await hit("PUT", role, { userId: fan.id }, { body: { role: "ROOT" }, headers: admin.key })).status).toBe(400);
}

async function catalogue() {
  const place = await concerts();
  const bearer = (await queueToken((await createUser()).id)).header;
  const schedules = await hit(
    "GET",
    "/api/concerts/{concertId}/schedules",
    { concertId: place.concertId },
    { headers: bearer },
  );
  expect(schedules.body.schedules).toHaveLength(1);
  expect(
    (await hit("GET", "/api/concerts/{concertId}/schedules", { concertId: 2_000_000 }, { headers: bearer })).status,
  ).toBe(404);
  expect((await hit("GET", "/api/concerts/{concertId}/schedules", { concertId: place.concertId })).status).toBe(401);
  const waiting = await queueToken((await createUser()).id, { status: "WAIT" });
  expect(
    (
      await hit(
        "GET",
        "/api/concerts/{concertId}/schedules",
        { concertId: place.concertId },
        { headers: waiting.header },
      )
    ).status,
  ).toBe(403);
  const seats = "/api/concerts/{concertId}/schedules/{scheduleId}/seats";
  const seatMap = await hit(
    "GET",
    seats,
    { concertId: place.concertId, scheduleId: place.scheduleId },
    { headers: bearer },
  );
  expect(seatMap.body.seats).toHaveLength(5);
  const unchanged = await hit(
    "GET",
    seats,
    { concertId: place.concertId, scheduleId: place.scheduleId },
    { headers: { ...bearer, "if-none-match": seatMap.headers.get("etag")! } },
  );
  expect(unchanged.status).toBe(304);
  expect(
    (
      await hit(
        "GET",
        seats,
        { concertId: place.concertId, scheduleId: place.otherConcertScheduleId },
        { headers: bearer },
      )
    ).status,
  ).toBe(404);
  expect((await hit("GET", seats, { concertId: "0", scheduleId: place.scheduleId }, { headers: bearer })).status).toBe(
    400,
  );
}

async function booking() {
  const fan = await partner({ balance: 50_000 });
  const place = await concerts();
  const headers = { ...fan.key, ...(await queueToken(fan.id)).header };
  const body = {
    userId: fan.id,
    concertId: place.concertId,
    scheduleId: place.scheduleId,
    seatId: place.seatIds[0],
  };
  const held = await hit(
    "POST",
    "/api/concerts/reservations",
    {},
    { body, headers: { ...headers, "idempotency-key": "hold-1" } },
  );
  expect(held.status).toBe(200);
  const reservationId = held.body.reservationId;
  const again = await hit(
    "POST",
    "/api/concerts/reservations",
    {},
    { body, headers: { ...headers, "idempotency-key": "hold-1" } },
  );
  expect(again.headers.get("idempotent-replayed")).toBe("true");
  const rival = await createUser();
  const rivalHeaders = { ...(await sessionCookie(rival.id)), ...(await queueToken(rival.id)).header };
  const taken = await hit(
    "POST",
    "/api/concerts/reservations",
    {},
    { body: { ...body, userId: rival.id }, headers: rivalHeaders },
  );
  expect(taken.body).toMatchObject({ code: 400, message: "reservation failed" });
  expect(
    (await hit("POST", "/api/concerts/reservations", {}, { body: { ...body, seatId: 2_000_000 }, headers })).status,
  ).toBe(404);
  expect(
    (await hit("POST", "/api/concerts/reservations", {}, { body: { ...body, userId: rival.id }, headers })).status,
  ).toBe(403);
  expect((await hit("POST", "/api/concerts/reservations", {}, { body: { ...body, extra: 1 }, headers })).status).toBe(
    400,
  );

  const broke = await hit(
    "POST",
    "/api/concerts/reservations",
    {},
    { body: { ...body, userId: rival.id, seatId: place.seatIds[1] }, headers: rivalHeaders },
  );
  const pay = "/api/payment/concerts/users/{userId}";
  const short = await hit(
    "POST",
    pay,
    { userId: rival.id },
    { body: { reservationId: broke.body.reservationId }, headers: rivalHeaders },
  );
  expect(short.body).toMatchObject({ code: 400, message: "Insufficient balance", error: "insufficient_balance" });

  expect((await hit("POST", pay, { userId: fan.id }, { body: { reservationId: 2_000_000 }, headers })).status).toBe(
    404,
  );
  const paid = await hit(
    "POST",
    pay,
    { userId: fan.id },
    { body: { reservationId }, headers: { ...headers, "idempotency-key": "pay-1" } },
  );
  expect(paid.body).toMatchObject({ reservationId, amount: 30_000, balanceAfter: 20_000 });
  const replayed = await hit(
    "POST",
    pay,
    { userId: fan.id },
    { body: { reservationId }, headers: { ...headers, "idempotency-key": "pay-1" } },
  );
  expect(replayed.headers.get("idempotent-replayed")).toBe("true");
  // The payment ended the token; a fresh one shows the "already paid" refusal.
  const fresh = { ...fan.key, ...(await queueToken(fan.id)).header };
  const twice = await hit("POST", pay, { userId: fan.id }, { body: { reservationId }, headers: fresh });
  expect(twice.body).toMatchObject({
    code: 400,
    message: "reservation already paid",
    error: "reservation_already_paid",
  });
  expect((await hit("POST", pay, { userId: fan.id }, { body: { reservationId }, headers: fan.key })).status).toBe(401);

  const mine = await hit("GET", "/api/me/reservations", {}, { headers: fan.key });
  expect(mine.body.reservations.map((r: { status: string }) => r.status)).toEqual(["CONFIRMED"]);
  expect((await hit("GET", "/api/me/reservations")).status).toBe(401);
  await fund(rival.id, 1);
  const history = await hit("GET", "/api/balance/users/{userId}/history", { userId: fan.id }, { headers: fan.key });
  expect(history.body.entries[0]).toMatchObject({
    kind: "PAYMENT",
    amount: -30_000,
    balanceAfter: 20_000,
    paymentId: paid.body.paymentId,
  });
}

/** A fan holds three seats, releases one, pays two at once, cancels one; an admin checks the other in. */
async function tickets() {
  const fan = await partner({ balance: 200_000 });
  const admin = await partner();
  await prisma.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
  const place = await concerts();
  const headers = { ...fan.key, ...(await queueToken(fan.id)).header };
  const holdSeat = async (index: number): Promise<number> => {
    const body = {
      userId: fan.id,
      concertId: place.concertId,
      scheduleId: place.scheduleId,
      seatId: place.seatIds[index],
    };
    return (await hit("POST", "/api/concerts/reservations", {}, { body, headers })).body.reservationId;
  };
  const [a, b, c] = [await holdSeat(0), await holdSeat(1), await holdSeat(2)];

  const release = "/api/concerts/reservations/{reservationId}";
  expect((await hit("DELETE", release, { reservationId: c }, { headers: fan.key })).body).toEqual({
    reservationId: c,
    reservationStatus: "CANCELLED",
  });
  expect((await hit("DELETE", release, { reservationId: c })).status).toBe(401);
  expect((await hit("DELETE", release, { reservationId: 2_000_000 }, { headers: fan.key })).status).toBe(404);
  expect((await hit("DELETE", release, { reservationId: "x" }, { headers: fan.key })).status).toBe(400);

  const pay = "/api/payment/concerts/users/{userId}";
  const p = { userId: fan.id };
  expect((await hit("POST", pay, p, { body: { reservationIds: [a, a] }, headers })).status).toBe(400);
  expect((await hit("POST", pay, p, { body: { reservationIds: [] }, headers })).status).toBe(400);
  expect((await hit("POST", pay, p, { body: { reservationIds: [a, c] }, headers })).body.error).toBe(
    "reservation_cancelled",
  );
  const paid = await hit("POST", pay, p, {
    body: { reservationIds: [a, b] },
    headers: { ...headers, "idempotency-key": "multi-1" },
  });
  expect(paid.body).toMatchObject({ reservationIds: [a, b], amount: 60_000, balanceAfter: 140_000 });
  expect((await hit("DELETE", release, { reservationId: a }, { headers: fan.key })).status).toBe(400);

  const mine = await hit("GET", "/api/me/reservations", {}, { headers: fan.key });
  type Mine = { reservationId: number; ticketCode: string; bookingNumber: string };
  const ticket = (id: number) => (mine.body.reservations as Mine[]).find((r) => r.reservationId === id)!;
  const cancel = "/api/concerts/reservations/{reservationId}/cancel";
  const cancelled = await hit("POST", cancel, { reservationId: a }, { headers: fan.key });
  expect(cancelled.body).toEqual({
    reservationId: a,
    reservationStatus: "CANCELLED",
    refundedAmount: 30_000,
    balanceAfter: 170_000,
  });
  expect((await hit("POST", cancel, { reservationId: a }, { headers: fan.key })).body).toEqual(cancelled.body);
  expect((await hit("POST", cancel, { reservationId: c }, { headers: fan.key })).status).toBe(400);
  expect((await hit("POST", cancel, { reservationId: a })).status).toBe(401);
  expect((await hit("POST", cancel, { reservationId: 2_000_000 }, { headers: fan.key })).status).toBe(404);

  const checkIn = "/api/admin/check-in";
  const door = (code: string, scheduleId = place.scheduleId, as = admin.key) =>
    hit("POST", checkIn, {}, { body: { code, scheduleId }, headers: as });
  expect((await door(ticket(b).ticketCode, place.scheduleId, fan.key)).status).toBe(403);
  expect((await hit("POST", checkIn, {}, { body: { code: "x", scheduleId: 1 } })).status).toBe(401);
  const admitted = await door(ticket(b).ticketCode);
  expect(admitted.body).toMatchObject({ reservationId: b, checkedInAt: expect.any(String) });
  expect((await door(ticket(b).bookingNumber)).body).toMatchObject({ error: "already_checked_in" });
  expect((await door(ticket(a).ticketCode)).body).toMatchObject({ error: "invalid_ticket" });
  const code = ticket(b).ticketCode;
  expect((await door(`${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`)).status).toBe(400);
  expect((await door(ticket(b).ticketCode, place.otherConcertScheduleId)).body.detail).toMatch(/another schedule/);
  expect((await door(ticket(b).ticketCode, 2_000_000)).status).toBe(404);
  expect((await door("")).status).toBe(400);

  const history = await hit("GET", "/api/balance/users/{userId}/history", p, { headers: fan.key });
  expect(history.body.entries[0]).toMatchObject({ kind: "REFUND", amount: 30_000, tickets: [{ reservationId: a }] });
  expect(history.body.entries[1].tickets.map((t: { reservationId: number }) => t.reservationId)).toEqual([a, b]);
}

const journeys = { account, system, wallet, queue, rooms, organizer, catalogue, booking, tickets };

describe("real responses match the OpenAPI document", () => {
  it("account: sign-up and API keys", account);
  it("system: concerts, health and the document itself", system);
  it("wallet: charge, balance, history, with their failures", wallet);
  it("queue: issue, read and poll a token", queue);
  it("rooms: an organizer's pre-queue room, fans joining it, the draw", rooms);
  it("organizer: concerts, layouts, stats, the sales export, the audit log, roles", organizer);
  it("catalogue: schedules and seats with an ACTIVE token, and the token failures", catalogue);
  it("booking: hold, replay, pay, and their failures; my reservations", booking);
  it("tickets: release, pay several, cancel and refund, check in, and their failures", tickets);

  it("exercised every documented operation's success response", async () => {
    // The whole journey again, here, so this holds whichever of the tests above ran before it.
    checkedResponses.clear();
    for (const journey of Object.values(journeys)) await journey();
    const missing = apiOperations
      .map((op) => `${op.method} ${op.path} ${op.success.status}`)
      .filter((key) => !checkedResponses.has(key));
    expect(missing).toEqual([]);
  });
});
