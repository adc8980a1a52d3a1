import { describe, expect, it } from "vitest";
import { apiOperations } from "@/lib/openapi/api-operations";
import { call, sessionCookie, type CallOptions } from "../helpers/http";
import { createConcertWithSeats, createUser } from "../helpers/fixtures";
import { fund, queueToken } from "../helpers/booking-fixtures";
import { checkedResponses, expectDocumented, handlerFor } from "../helpers/openapi";

// A partner's whole journey through real route handlers, every response (successes and failures)
// checked against the OpenAPI document's own JSON Schemas. The last test requires that every
// documented operation answered its success status at least once.

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

const state: {
  fanId: number;
  key: Record<string, string>;
  cookie: Record<string, string>;
  concertId: number;
  scheduleId: number;
  seatIds: number[];
  otherConcertScheduleId: number;
  bearer: Record<string, string>;
  reservationId: number;
} = {} as never;

describe("real responses match the OpenAPI document", () => {
  it("account: sign-up and API keys", async () => {
    const body = { email: "partner@example.com", password: "password123", name: "Partner" };
    const created = await hit("POST", "/api/users", {}, { body });
    expect(created.status).toBe(201);
    state.fanId = created.body.userId;
    state.cookie = await sessionCookie(state.fanId);
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

    const key = await hit("POST", "/api/me/api-keys", {}, { body: { name: "shop" }, headers: state.cookie });
    expect(key.status).toBe(201);
    state.key = { "x-api-key": key.body.key };
    expect((await hit("GET", "/api/me/api-keys", {}, { headers: state.cookie })).status).toBe(200);
    expect((await hit("GET", "/api/me/api-keys")).status).toBe(401);
    expect((await hit("POST", "/api/me/api-keys", {}, { body: { name: 5 }, headers: state.cookie })).status).toBe(400);
    const spare = await hit("POST", "/api/me/api-keys", {}, { body: {}, headers: state.cookie });
    // Keys are managed only from a signed-in session: a key gets 403 on all three.
    expect((await hit("GET", "/api/me/api-keys", {}, { headers: state.key })).status).toBe(403);
    expect((await hit("POST", "/api/me/api-keys", {}, { body: {}, headers: state.key })).status).toBe(403);
    expect((await hit("DELETE", "/api/me/api-keys/{id}", { id: spare.body.id }, { headers: state.key })).status).toBe(
      403,
    );
    expect(
      (await hit("DELETE", "/api/me/api-keys/{id}", { id: spare.body.id }, { headers: state.cookie })).status,
    ).toBe(204);
    expect(
      (await hit("DELETE", "/api/me/api-keys/{id}", { id: spare.body.id }, { headers: state.cookie })).status,
    ).toBe(404);
    expect((await hit("DELETE", "/api/me/api-keys/{id}", { id: "x" }, { headers: state.cookie })).status).toBe(400);
  });

  it("system: concerts, health and the document itself", async () => {
    const concert = await createConcertWithSeats({ seats: 5, price: 30_000 });
    const other = await createConcertWithSeats({ seats: 1 });
    state.concertId = concert.id;
    state.scheduleId = concert.schedules[0].id;
    state.seatIds = concert.schedules[0].seats.map((s) => s.id);
    state.otherConcertScheduleId = other.schedules[0].id;
    const list = await hit("GET", "/api/concerts");
    expect(list.status).toBe(200);
    expect(list.body.concerts.length).toBeGreaterThanOrEqual(2);
    expect((await hit("GET", "/api/health")).status).toBe(200);
    expect((await hit("GET", "/api/openapi.json")).status).toBe(200);
  });

  it("wallet: charge, balance, history, with their failures", async () => {
    const path = "/api/balance/users/{userId}/charge";
    const p = { userId: state.fanId };
    const first = await hit("POST", path, p, {
      body: { amount: 50_000 },
      headers: { ...state.key, "idempotency-key": "c1" },
    });
    expect(first.body).toEqual({ userId: state.fanId, currentAmount: 50_000 });
    const replay = await hit("POST", path, p, {
      body: { amount: 50_000 },
      headers: { ...state.key, "idempotency-key": "c1" },
    });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(
      (await hit("POST", path, p, { body: { amount: 1 }, headers: { ...state.key, "idempotency-key": "c1" } })).status,
    ).toBe(409);
    expect((await hit("POST", path, p, { body: { amount: 0 }, headers: state.key })).body.message).toBe(
      "invalid charge amount",
    );
    expect(
      (await hit("POST", path, p, { body: { amount: 1 }, headers: { ...state.key, "idempotency-key": "" } })).status,
    ).toBe(400);
    expect((await hit("POST", path, p, { body: { amount: 1 } })).status).toBe(401);
    expect(
      (await hit("POST", path, p, { rawBody: "{", headers: { ...state.key, "content-type": "application/json" } }))
        .status,
    ).toBe(400);
    expect(
      (await hit("POST", path, p, { rawBody: "1", headers: { ...state.key, "content-type": "text/plain" } })).status,
    ).toBe(415);
    const stranger = await createUser();
    expect((await hit("POST", path, { userId: stranger.id }, { body: { amount: 1 }, headers: state.key })).status).toBe(
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

    expect((await hit("GET", "/api/balance/users/{userId}", p, { headers: state.key })).body.currentAmount).toBe(
      50_000,
    );
    expect(
      (await hit("GET", "/api/balance/users/{userId}", { userId: stranger.id }, { headers: state.key })).status,
    ).toBe(403);
    expect((await hit("GET", "/api/balance/users/{userId}", { userId: "-1" }, { headers: state.key })).status).toBe(
      400,
    );
    expect(
      (await hit("GET", "/api/balance/users/{userId}/history", p, { headers: state.key, query: { limit: "1" } })).body
        .nextCursor,
    ).toBeNull();
    expect(
      (await hit("GET", "/api/balance/users/{userId}/history", p, { headers: state.key, query: { limit: "500" } }))
        .status,
    ).toBe(400);
  });

  it("queue: issue, read and poll a token", async () => {
    const fan = await createUser();
    const cookie = await sessionCookie(fan.id);
    const path = "/api/queue/token/users/{userId}";
    const issued = await hit("POST", path, { userId: fan.id }, { headers: cookie });
    expect(issued.status).toBeLessThan(300);
    expect((await hit("POST", path, { userId: fan.id }, { headers: cookie })).body.token).toBe(issued.body.token);
    expect((await hit("POST", path, { userId: state.fanId }, { headers: cookie })).status).toBe(403);
    expect((await hit("GET", path, { userId: fan.id }, { headers: cookie })).status).toBe(200);
    expect((await hit("GET", path, { userId: state.fanId }, { headers: state.key })).status).toBe(404);
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
    expect(
      (await hit("GET", "/api/queue/status", {}, { headers: { authorization: `Bearer ${forged}` } })).body,
    ).toEqual({ code: 404, message: "token not found" });
  });

  it("catalogue: schedules and seats with an ACTIVE token, and the token failures", async () => {
    state.bearer = (await queueToken(state.fanId)).header;
    const schedules = await hit(
      "GET",
      "/api/concerts/{concertId}/schedules",
      { concertId: state.concertId },
      { headers: state.bearer },
    );
    expect(schedules.body.schedules).toHaveLength(1);
    expect(
      (await hit("GET", "/api/concerts/{concertId}/schedules", { concertId: 2_000_000 }, { headers: state.bearer }))
        .status,
    ).toBe(404);
    expect((await hit("GET", "/api/concerts/{concertId}/schedules", { concertId: state.concertId })).status).toBe(401);
    const waiting = await queueToken((await createUser()).id, { status: "WAIT" });
    expect(
      (
        await hit(
          "GET",
          "/api/concerts/{concertId}/schedules",
          { concertId: state.concertId },
          { headers: waiting.header },
        )
      ).status,
    ).toBe(403);
    const seats = "/api/concerts/{concertId}/schedules/{scheduleId}/seats";
    expect(
      (await hit("GET", seats, { concertId: state.concertId, scheduleId: state.scheduleId }, { headers: state.bearer }))
        .body.seats,
    ).toHaveLength(5);
    expect(
      (
        await hit(
          "GET",
          seats,
          { concertId: state.concertId, scheduleId: state.otherConcertScheduleId },
          { headers: state.bearer },
        )
      ).status,
    ).toBe(404);
    expect(
      (await hit("GET", seats, { concertId: "0", scheduleId: state.scheduleId }, { headers: state.bearer })).status,
    ).toBe(400);
  });

  it("booking: hold, replay, pay, and their failures; my reservations", async () => {
    const headers = { ...state.key, ...state.bearer };
    const body = {
      userId: state.fanId,
      concertId: state.concertId,
      scheduleId: state.scheduleId,
      seatId: state.seatIds[0],
    };
    const held = await hit(
      "POST",
      "/api/concerts/reservations",
      {},
      { body, headers: { ...headers, "idempotency-key": "hold-1" } },
    );
    expect(held.status).toBe(200);
    state.reservationId = held.body.reservationId;
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
      { body: { ...body, userId: rival.id, seatId: state.seatIds[1] }, headers: rivalHeaders },
    );
    const pay = "/api/payment/concerts/users/{userId}";
    const short = await hit(
      "POST",
      pay,
      { userId: rival.id },
      { body: { reservationId: broke.body.reservationId }, headers: rivalHeaders },
    );
    expect(short.body).toMatchObject({ code: 400, message: "Insufficient balance" });

    expect(
      (await hit("POST", pay, { userId: state.fanId }, { body: { reservationId: 2_000_000 }, headers })).status,
    ).toBe(404);
    const paid = await hit(
      "POST",
      pay,
      { userId: state.fanId },
      { body: { reservationId: state.reservationId }, headers: { ...headers, "idempotency-key": "pay-1" } },
    );
    expect(paid.body).toMatchObject({ reservationId: state.reservationId, amount: 30_000, balanceAfter: 20_000 });
    const replayed = await hit(
      "POST",
      pay,
      { userId: state.fanId },
      { body: { reservationId: state.reservationId }, headers: { ...headers, "idempotency-key": "pay-1" } },
    );
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    // The payment ended the token; a fresh one shows the "already paid" refusal.
    const fresh = { ...state.key, ...(await queueToken(state.fanId)).header };
    const twice = await hit(
      "POST",
      pay,
      { userId: state.fanId },
      { body: { reservationId: state.reservationId }, headers: fresh },
    );
    expect(twice.body).toMatchObject({ code: 400, message: "reservation already paid" });
    expect(
      (
        await hit(
          "POST",
          pay,
          { userId: state.fanId },
          { body: { reservationId: state.reservationId }, headers: state.key },
        )
      ).status,
    ).toBe(401);

    const mine = await hit("GET", "/api/me/reservations", {}, { headers: state.key });
    expect(mine.body.reservations.map((r: { status: string }) => r.status)).toEqual(["CONFIRMED"]);
    expect((await hit("GET", "/api/me/reservations")).status).toBe(401);
    await fund(rival.id, 1);
    const history = await hit(
      "GET",
      "/api/balance/users/{userId}/history",
      { userId: state.fanId },
      { headers: state.key },
    );
    expect(history.body.entries[0]).toMatchObject({
      kind: "PAYMENT",
      amount: -30_000,
      balanceAfter: 20_000,
      paymentId: paid.body.paymentId,
    });
  });

  it("exercised every documented operation's success response", () => {
    const missing = apiOperations
      .map((op) => `${op.method} ${op.path} ${op.success.status}`)
      .filter((key) => !checkedResponses.has(key));
    expect(missing).toEqual([]);
  });
});
