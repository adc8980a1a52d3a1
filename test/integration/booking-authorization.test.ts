import { beforeAll, describe, expect, it } from "vitest";
import * as schedules from "@/app/api/concerts/[concertId]/schedules/route";
import * as seats from "@/app/api/concerts/[concertId]/schedules/[scheduleId]/seats/route";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as mine from "@/app/api/me/reservations/route";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import { prisma } from "@/lib/db/prisma";
import { encodeQueueToken } from "@/lib/queue/queue-token-codec";
import { activeFan, bookingState, queueToken } from "../helpers/booking-fixtures";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";

// User B (session, API key, queue token) against user A's resources: 403 or 404, nothing changes.
type Fan = Awaited<ReturnType<typeof activeFan>> & { key: { "x-api-key": string } };
let a: Fan;
let b: Fan;
let concert: Awaited<ReturnType<typeof createConcertWithSeats>>;
let aReservationId: number;

beforeAll(async () => {
  const fanA = await activeFan({ balance: 50_000 });
  const fanB = await activeFan({ balance: 50_000 });
  a = { ...fanA, key: await apiKeyHeader(fanA.id) };
  b = { ...fanB, key: await apiKeyHeader(fanB.id) };
  concert = await createConcertWithSeats({ seats: 4, price: 10_000 });
  const held = await reserve({ ...a.cookie, ...a.token.header }, a.id, 0);
  expect(held.status).toBe(200);
  aReservationId = held.body.reservationId;
});

function reserve(headers: Record<string, string>, userId: number, seat: number) {
  const schedule = concert.schedules[0]!;
  return call(reservations.POST, "POST", "/api/concerts/reservations", {
    headers,
    body: { userId, concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[seat]!.id },
  });
}
function payAs(headers: Record<string, string>, pathUser: number, reservationId: number) {
  return call(pay.POST, "POST", `/api/payment/concerts/users/${pathUser}`, {
    params: { userId: String(pathUser) },
    headers,
    body: { reservationId },
  });
}

describe("authorization matrix", () => {
  it("endpoint 6: B cannot hold a seat in A's name, nor use A's token, nor lend B's token to A", async () => {
    const before = await bookingState();
    const cases: [string, Record<string, string>, number, number, string][] = [
      ["B session + B token, body A", { ...b.cookie, ...b.token.header }, a.id, 403, "forbidden"],
      ["B API key + B token, body A", { ...b.key, ...b.token.header }, a.id, 403, "forbidden"],
      ["A session + B token, body A", { ...a.cookie, ...b.token.header }, a.id, 403, "forbidden"],
      ["A API key + B token, body A", { ...a.key, ...b.token.header }, a.id, 403, "forbidden"],
      ["B session + A token, body B", { ...b.cookie, ...a.token.header }, b.id, 403, "forbidden"],
      ["B API key + A token, body B", { ...b.key, ...a.token.header }, b.id, 403, "forbidden"],
      ["A token, no identity", { ...a.token.header }, a.id, 401, "authentication required"],
      ["A session, no token", { ...a.cookie }, a.id, 401, "invalid token"],
      [
        "A session + B's idempotency key reuse",
        { ...a.cookie, ...b.token.header, "idempotency-key": "k" },
        a.id,
        403,
        "forbidden",
      ],
    ];
    for (const [name, headers, userId, status, message] of cases) {
      const res = await reserve(headers, userId, 1);
      expect({ name, status: res.status, message: res.body.message }).toEqual({ name, status, message });
      expect(res.body.code).toBe(status);
    }
    expect(await bookingState()).toEqual(before);
  });

  it("endpoint 7: B cannot pay for A (403) nor pay A's reservation as B (404)", async () => {
    const before = await bookingState();
    const cases: [string, Record<string, string>, number, number, string][] = [
      ["B session + B token, path A", { ...b.cookie, ...b.token.header }, a.id, 403, "forbidden"],
      ["B API key + B token, path A", { ...b.key, ...b.token.header }, a.id, 403, "forbidden"],
      ["A session + B token, path A", { ...a.cookie, ...b.token.header }, a.id, 403, "forbidden"],
      ["A API key + B token, path A", { ...a.key, ...b.token.header }, a.id, 403, "forbidden"],
      ["B session + A token, path B", { ...b.cookie, ...a.token.header }, b.id, 403, "forbidden"],
      [
        "B session + B token, path B, A's reservation",
        { ...b.cookie, ...b.token.header },
        b.id,
        404,
        "reservation not found",
      ],
      [
        "B API key + B token, path B, A's reservation",
        { ...b.key, ...b.token.header },
        b.id,
        404,
        "reservation not found",
      ],
      ["A token, no identity", { ...a.token.header }, a.id, 401, "authentication required"],
      ["A API key, no token", { ...a.key }, a.id, 401, "invalid token"],
    ];
    for (const [name, headers, pathUser, status, message] of cases) {
      const res = await payAs(headers, pathUser, aReservationId);
      expect({ name, status: res.status, message: res.body.message }).toEqual({ name, status, message });
    }
    expect(await bookingState()).toEqual(before);
    expect((await prisma.reservation.findUniqueOrThrow({ where: { id: aReservationId } })).status).toBe(
      "PAYMENT_PENDING",
    );
  });

  it("GET /api/me/reservations shows B only B's reservations, by session or API key", async () => {
    for (const headers of [b.cookie, b.key]) {
      const res = await call(mine.GET, "GET", "/api/me/reservations", { headers });
      expect(res.status).toBe(200);
      expect(res.body.reservations).toEqual([]);
    }
    const own = await call(mine.GET, "GET", "/api/me/reservations", { headers: a.key });
    expect(own.body.reservations.map((r: { reservationId: number }) => r.reservationId)).toEqual([aReservationId]);
  });

  it("endpoints 4-5 serve the catalogue to any ACTIVE token and need one", async () => {
    const params = { concertId: String(concert.id), scheduleId: String(concert.schedules[0]!.id) };
    const concertOnly = { concertId: params.concertId };
    expect((await call(schedules.GET, "GET", "/x", { params: concertOnly, headers: b.token.header })).status).toBe(200);
    expect((await call(seats.GET, "GET", "/x", { params, headers: b.token.header })).status).toBe(200);
    for (const headers of [a.cookie, a.key]) {
      expect((await call(schedules.GET, "GET", "/x", { params: concertOnly, headers })).body).toMatchObject({
        code: 401,
        message: "invalid token",
        error: "invalid_token",
      });
      expect((await call(seats.GET, "GET", "/x", { params, headers })).body).toMatchObject({
        code: 401,
        message: "invalid token",
        error: "invalid_token",
      });
    }
  });

  it("Idempotency-Keys are per user: B's key never replays A's response", async () => {
    const key = { "idempotency-key": "same-key-for-both" };
    const fromA = await reserve({ ...a.cookie, ...a.token.header, ...key }, a.id, 2);
    const fromB = await reserve({ ...b.cookie, ...b.token.header, ...key }, b.id, 3);
    expect(fromA.status).toBe(200);
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get("idempotent-replayed")).toBeNull();
    expect(fromB.body.reservationId).not.toBe(fromA.body.reservationId);
    expect((await prisma.reservation.findUniqueOrThrow({ where: { id: fromB.body.reservationId } })).userId).toBe(b.id);
  });
});

describe("order of checks on endpoints 6 and 7: 401, then 400, then 403, then 404", () => {
  it("a waiting, unknown or foreign token is judged after the input and after the identity's 403", async () => {
    const me = await createUser();
    const fanCookie = await sessionCookie(me.id);
    const ownWaiting = (await queueToken(me.id, { status: "WAIT" })).header;
    const unknown = { authorization: `Bearer ${encodeQueueToken(2_000_000_000)}` };
    const late = await createUser();
    const expiredHeaders = {
      ...(await sessionCookie(late.id)),
      ...(await queueToken(late.id, { expiresAt: new Date(Date.now() - 1000) })).header,
    };
    const json = { "content-type": "application/json" };
    const before = await bookingState();

    const cases: [string, Promise<{ status: number; body: { code: number; message: string } }>, number, string][] = [
      // 401 first: an expired token beats a malformed body, even with an Idempotency-Key
      [
        "6: expired token, malformed body",
        call(reservations.POST, "POST", "/x", {
          headers: { ...expiredHeaders, ...json, "idempotency-key": "k" },
          rawBody: "{",
        }),
        401,
        "invalid token",
      ],
      ["7: expired token, malformed path", payAsRaw(expiredHeaders, "-1", aReservationId), 401, "invalid token"],
      // then 400: the reproduced case (own WAIT token and a malformed body was 403)
      [
        "6: own WAIT token, malformed body",
        call(reservations.POST, "POST", "/x", { headers: { ...fanCookie, ...ownWaiting, ...json }, rawBody: "{" }),
        400,
        "malformed JSON",
      ],
      ["6: own WAIT token, bad field", reserve({ ...fanCookie, ...ownWaiting }, 0, 1), 400, "bad request"],
      ["6: unknown token, bad field", reserve({ ...fanCookie, ...unknown }, 0, 1), 400, "bad request"],
      ["7: own WAIT token, bad reservationId", payAs({ ...fanCookie, ...ownWaiting }, me.id, 0), 400, "bad request"],
      [
        "7: unknown token, bad path userId",
        payAsRaw({ ...fanCookie, ...unknown }, "abc", aReservationId),
        400,
        "bad request",
      ],
      // then 403 (identity before token state): the reproduced case (unknown token, another user's id was 404)
      ["6: unknown token, body names another user", reserve({ ...fanCookie, ...unknown }, a.id, 1), 403, "forbidden"],
      [
        "7: unknown token, path names another user",
        payAs({ ...fanCookie, ...unknown }, a.id, aReservationId),
        403,
        "forbidden",
      ],
      [
        "6: own WAIT token, body names another user",
        reserve({ ...fanCookie, ...ownWaiting }, a.id, 1),
        403,
        "forbidden",
      ],
      ["6: own WAIT token", reserve({ ...fanCookie, ...ownWaiting }, me.id, 1), 403, "token not active"],
      ["7: own WAIT token", payAs({ ...fanCookie, ...ownWaiting }, me.id, aReservationId), 403, "token not active"],
      // then 404 for the token, before anything is looked up
      ["6: unknown token, own id", reserve({ ...fanCookie, ...unknown }, me.id, 1), 404, "token not found"],
      ["7: unknown token, own id", payAs({ ...fanCookie, ...unknown }, me.id, aReservationId), 404, "token not found"],
    ];
    for (const [name, pending, status, message] of cases) {
      const res = await pending;
      expect({ name, status: res.status, message: res.body.message }).toEqual({ name, status, message });
    }
    expect(await bookingState()).toEqual(before);
  });

  it("an inactive token passes only for a true replay: same key, same request", async () => {
    const fan = await activeFan({ balance: 10_000 });
    const place = await createConcertWithSeats({ seats: 2 });
    const schedule = place.schedules[0]!;
    const body = { userId: fan.id, concertId: place.id, scheduleId: schedule.id, seatId: schedule.seats[0]!.id };
    const hold = (headers: Record<string, string>, seatId = body.seatId) =>
      call(reservations.POST, "POST", "/api/concerts/reservations", { headers, body: { ...body, seatId } });
    const first = await hold({ ...fan.headers, "idempotency-key": "hold-1" });
    expect(first.status).toBe(200);
    const charged = await call(charge.POST, "POST", `/api/balance/users/${fan.id}/charge`, {
      params: { userId: String(fan.id) },
      headers: { ...fan.cookie, "idempotency-key": "charge-1" },
      body: { amount: 1_000 },
    });
    expect(charged.status).toBe(200);

    // The fan's token ends and they queue again: a WAIT token.
    await prisma.queueToken.update({ where: { id: fan.token.id }, data: { status: "EXPIRED", endedAt: new Date() } });
    const waiting = { ...fan.cookie, ...(await queueToken(fan.id, { status: "WAIT" })).header };
    const before = await bookingState();

    // the reproduced case: a key on record for another request (a charge) was 409 reused, must be 403
    expect((await hold({ ...waiting, "idempotency-key": "charge-1" })).body).toEqual({
      code: 403,
      message: "token not active",
      error: "token_not_active",
    });
    // the same key with another body, or a new key: no replay, so the token's own refusal
    expect((await hold({ ...waiting, "idempotency-key": "hold-1" }, schedule.seats[1]!.id)).body).toEqual({
      code: 403,
      message: "token not active",
      error: "token_not_active",
    });
    expect((await hold({ ...waiting, "idempotency-key": "hold-2" })).body).toEqual({
      code: 403,
      message: "token not active",
      error: "token_not_active",
    });
    // the very same request replays the stored response
    const replay = await hold({ ...waiting, "idempotency-key": "hold-1" });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    // the ended token likewise: a replay passes, anything else is 401 expired
    const ended = { ...fan.cookie, ...fan.token.header };
    expect((await hold({ ...ended, "idempotency-key": "hold-1" })).headers.get("idempotent-replayed")).toBe("true");
    expect((await hold({ ...ended, "idempotency-key": "charge-1" })).body).toEqual({
      code: 401,
      message: "invalid token",
      error: "token_expired",
      detail: "expired",
    });
    expect(await bookingState()).toEqual(before);
  });
});

function payAsRaw(headers: Record<string, string>, pathUser: string, reservationId: number) {
  return call(pay.POST, "POST", `/api/payment/concerts/users/${pathUser}`, {
    params: { userId: pathUser },
    headers,
    body: { reservationId },
  });
}
