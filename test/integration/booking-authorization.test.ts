import { beforeAll, describe, expect, it } from "vitest";
import * as schedules from "@/app/api/concerts/[concertId]/schedules/route";
import * as seats from "@/app/api/concerts/[concertId]/schedules/[scheduleId]/seats/route";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as mine from "@/app/api/me/reservations/route";
import { prisma } from "@/lib/db/prisma";
import { activeFan, apiKeyHeader, bookingState } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";

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
  const schedule = concert.schedules[0];
  return call(reservations.POST, "POST", "/api/concerts/reservations", {
    headers,
    body: { userId, concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[seat].id },
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
      ["A session + B's idempotency key reuse", { ...a.cookie, ...b.token.header, "idempotency-key": "k" }, a.id, 403, "forbidden"],
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
      ["B session + B token, path B, A's reservation", { ...b.cookie, ...b.token.header }, b.id, 404, "reservation not found"],
      ["B API key + B token, path B, A's reservation", { ...b.key, ...b.token.header }, b.id, 404, "reservation not found"],
      ["A token, no identity", { ...a.token.header }, a.id, 401, "authentication required"],
      ["A API key, no token", { ...a.key }, a.id, 401, "invalid token"],
    ];
    for (const [name, headers, pathUser, status, message] of cases) {
      const res = await payAs(headers, pathUser, aReservationId);
      expect({ name, status: res.status, message: res.body.message }).toEqual({ name, status, message });
    }
    expect(await bookingState()).toEqual(before);
    expect((await prisma.reservation.findUniqueOrThrow({ where: { id: aReservationId } })).status).toBe("PAYMENT_PENDING");
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
    const params = { concertId: String(concert.id), scheduleId: String(concert.schedules[0].id) };
    const concertOnly = { concertId: params.concertId };
    expect((await call(schedules.GET, "GET", "/x", { params: concertOnly, headers: b.token.header })).status).toBe(200);
    expect((await call(seats.GET, "GET", "/x", { params, headers: b.token.header })).status).toBe(200);
    for (const headers of [a.cookie, a.key]) {
      expect((await call(schedules.GET, "GET", "/x", { params: concertOnly, headers })).body).toMatchObject({ code: 401, message: "invalid token" });
      expect((await call(seats.GET, "GET", "/x", { params, headers })).body).toMatchObject({ code: 401, message: "invalid token" });
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
