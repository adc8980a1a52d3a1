import { afterEach, describe, expect, it } from "vitest";
import * as schedules from "@/app/api/concerts/[concertId]/schedules/route";
import * as seats from "@/app/api/concerts/[concertId]/schedules/[scheduleId]/seats/route";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as payment from "@/app/api/payment/concerts/users/[userId]/route";
import { concertSchedulesSchema, seatMapSchema } from "@/lib/catalogue/catalogue-schemas";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { encodeQueueToken } from "@/lib/queue/queue-token-codec";
import { activeFan, queueToken } from "../helpers/booking-fixtures";
import { createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call } from "../helpers/http";

const DAY = 24 * 3600 * 1000;
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

function getSchedules(concertId: number | string, headers: Record<string, string>) {
  return call(schedules.GET, "GET", `/api/concerts/${concertId}/schedules`, {
    params: { concertId: String(concertId) },
    headers,
  });
}
function getSeats(concertId: number | string, scheduleId: number | string, headers: Record<string, string>) {
  return call(seats.GET, "GET", `/api/concerts/${concertId}/schedules/${scheduleId}/seats`, {
    params: { concertId: String(concertId), scheduleId: String(scheduleId) },
    headers,
  });
}

describe("endpoint 4: schedules", () => {
  it("lists only schedules still ahead, soonest first, with live free-seat counts", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 5, schedules: 3, concertAt: new Date(Date.now() + 2 * DAY) });
    const [first, second, third] = [concert.schedules[0]!, concert.schedules[1]!, concert.schedules[2]!];
    await prisma.schedule.update({
      where: { id: first.id },
      data: { concertAt: new Date(Date.now() - DAY), reservationAt: new Date(Date.now() - 2 * DAY) },
    });
    // second: one sold, one held, one hold lapsed (counts as free)
    await prisma.seat.update({ where: { id: second.seats[0]!.id }, data: { soldAt: new Date() } });
    await prisma.seat.update({
      where: { id: second.seats[1]!.id },
      data: { holdExpiresAt: new Date(Date.now() + 60_000) },
    });
    await prisma.seat.update({ where: { id: second.seats[2]!.id }, data: { holdExpiresAt: new Date(Date.now() - 1) } });

    const res = await getSchedules(concert.id, fan.token.header);
    expect(res.status).toBe(200);
    expect(concertSchedulesSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toEqual({
      concertId: concert.id,
      concertName: "Test Concert",
      schedules: [
        {
          scheduleId: second.id,
          concertAt: second.concertAt.toISOString(),
          reservationAt: second.reservationAt.toISOString(),
          availableSeats: 3,
        },
        {
          scheduleId: third.id,
          concertAt: third.concertAt.toISOString(),
          reservationAt: third.reservationAt.toISOString(),
          availableSeats: 5,
        },
      ],
    });
  });

  it("returns an empty list for a concert with nothing ahead and 404 for an unknown concert", async () => {
    const fan = await activeFan();
    const past = await createConcertWithSeats({
      seats: 1,
      concertAt: new Date(Date.now() - DAY),
      reservationAt: new Date(Date.now() - 2 * DAY),
    });
    const res = await getSchedules(past.id, fan.token.header);
    expect(res.body).toEqual({ concertId: past.id, concertName: "Test Concert", schedules: [] });
    const missing = await getSchedules(past.id + 1000, fan.token.header);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 404, message: "concert not found", error: "concert_not_found" });
  });

  it("needs an ACTIVE queue token: none or malformed 401, unknown 404, waiting 403, expired 401", async () => {
    const concert = await createConcertWithSeats({ seats: 1 });
    const user = await createUser();
    const waiting = await queueToken(user.id, { status: "WAIT" });
    const other = await createUser();
    const expired = await queueToken(other.id, { expiresAt: new Date(Date.now() - 1000) });

    expect((await getSchedules(concert.id, {})).body).toMatchObject({
      code: 401,
      message: "invalid token",
      error: "invalid_token",
    });
    expect((await getSchedules(concert.id, { authorization: "Bearer nonsense" })).body).toMatchObject({
      code: 401,
      message: "invalid token",
      error: "invalid_token",
    });
    const forged = `${waiting.token.slice(0, -3)}${waiting.token.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect((await getSchedules(concert.id, { authorization: forged })).body).toMatchObject({
      code: 404,
      message: "token not found",
      error: "token_not_found",
    });
    expect((await getSchedules(concert.id, waiting.header)).body).toEqual({
      code: 403,
      message: "token not active",
      error: "token_not_active",
    });
    expect((await getSchedules(concert.id, expired.header)).body).toEqual({
      code: 401,
      message: "invalid token",
      error: "token_expired",
      detail: "expired",
    });
    // a bare token (no "Bearer") is accepted too
    const fan = await activeFan();
    expect((await getSchedules(concert.id, { authorization: fan.token.token })).status).toBe(200);
  });
});

describe("endpoint 5: seats", () => {
  it("lists a schedule's seats in seat-number order with their status and price", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 50, price: 12_000 });
    const schedule = concert.schedules[0]!;
    await prisma.seat.update({ where: { id: schedule.seats[1]!.id }, data: { soldAt: new Date() } });
    await prisma.seat.update({
      where: { id: schedule.seats[2]!.id },
      data: { holdExpiresAt: new Date(Date.now() + 60_000) },
    });
    await prisma.seat.update({
      where: { id: schedule.seats[3]!.id },
      data: { holdExpiresAt: new Date(Date.now() - 1) },
    });

    const res = await getSeats(concert.id, schedule.id, fan.token.header);
    expect(res.status).toBe(200);
    expect(seatMapSchema.parse(res.body)).toEqual(res.body);
    expect(res.body.concertId).toBe(concert.id);
    expect(res.body.scheduleId).toBe(schedule.id);
    expect(res.body.concertAt).toBe(schedule.concertAt.toISOString());
    expect(res.body.seats).toHaveLength(50);
    expect(res.body.seats.map((s: { seatNumber: number }) => s.seatNumber)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(res.body.seats.slice(0, 4)).toEqual([
      {
        seatId: schedule.seats[0]!.id,
        seatNumber: 1,
        seatStatus: "AVAILABLE",
        seatState: "AVAILABLE",
        seatPrice: 12_000,
      },
      { seatId: schedule.seats[1]!.id, seatNumber: 2, seatStatus: "UNAVAILABLE", seatState: "SOLD", seatPrice: 12_000 },
      { seatId: schedule.seats[2]!.id, seatNumber: 3, seatStatus: "UNAVAILABLE", seatState: "HELD", seatPrice: 12_000 },
      {
        seatId: schedule.seats[3]!.id,
        seatNumber: 4,
        seatStatus: "AVAILABLE",
        seatState: "AVAILABLE",
        seatPrice: 12_000,
      },
    ]);
  });

  it("shows a hold as UNAVAILABLE until it lapses, then AVAILABLE with no job run", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 2 });
    const schedule = concert.schedules[0]!;
    const seat = schedule.seats[0]!;
    const held = await call(reservations.POST, "POST", "/api/concerts/reservations", {
      headers: fan.headers,
      body: { userId: fan.id, concertId: concert.id, scheduleId: schedule.id, seatId: seat.id },
    });
    expect(held.status).toBe(200);
    const statusOf = async () => (await getSeats(concert.id, schedule.id, fan.token.header)).body.seats[0]!.seatStatus;
    expect(await statusOf()).toBe("UNAVAILABLE");
    const expiresAt = new Date(held.body.expiresAt).getTime();
    clock.now = () => new Date(expiresAt - 1);
    expect(await statusOf()).toBe("UNAVAILABLE");
    clock.now = () => new Date(expiresAt);
    expect(await statusOf()).toBe("AVAILABLE");
    expect((await getSchedules(concert.id, fan.token.header)).body.schedules[0]!.availableSeats).toBe(2);
  });

  it("tells a held seat from a sold one, without saying when a hold ends", async () => {
    const holder = await activeFan({ balance: 100_000 });
    const viewer = await activeFan();
    const concert = await createConcertWithSeats({ seats: 2, price: 10_000 });
    const schedule = concert.schedules[0]!;
    const seat = schedule.seats[0]!;
    const stateOf = async () => {
      const body = (await getSeats(concert.id, schedule.id, viewer.token.header)).body;
      return body.seats[0] as Record<string, unknown>;
    };
    expect(await stateOf()).toMatchObject({ seatStatus: "AVAILABLE", seatState: "AVAILABLE" });
    const held = await call(reservations.POST, "POST", "/api/concerts/reservations", {
      headers: holder.headers,
      body: { userId: holder.id, concertId: concert.id, scheduleId: schedule.id, seatId: seat.id },
    });
    expect(held.status).toBe(200);
    const whileHeld = await stateOf();
    expect(whileHeld).toMatchObject({ seatStatus: "UNAVAILABLE", seatState: "HELD" });
    expect(Object.keys(whileHeld).sort()).toEqual(["seatId", "seatNumber", "seatPrice", "seatState", "seatStatus"]);
    const paid = await call(payment.POST, "POST", `/api/payment/concerts/users/${holder.id}`, {
      params: { userId: String(holder.id) },
      headers: holder.headers,
      body: { reservationId: held.body.reservationId },
    });
    expect(paid.status).toBe(200);
    expect(await stateOf()).toMatchObject({ seatStatus: "UNAVAILABLE", seatState: "SOLD" });
  });

  it("answers a matching If-None-Match with a bodiless 304 until the map changes (a hold, or a hold lapsing)", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 3 });
    const schedule = concert.schedules[0]!;
    const first = await getSeats(concert.id, schedule.id, fan.token.header);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await getSeats(concert.id, schedule.id, { ...fan.token.header, "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.get("etag")).toBe(etag);
    // A list of tags and weak comparison, as browsers and proxies send them.
    expect(
      (await getSeats(concert.id, schedule.id, { ...fan.token.header, "if-none-match": `"other", W/${etag}` })).status,
    ).toBe(304);

    const holdUntil = new Date(Date.now() + 60_000);
    await prisma.seat.update({ where: { id: schedule.seats[0]!.id }, data: { holdExpiresAt: holdUntil } });
    const changed = await getSeats(concert.id, schedule.id, { ...fan.token.header, "if-none-match": etag! });
    expect(changed.status).toBe(200);
    expect(changed.body.seats[0].seatState).toBe("HELD");
    const heldTag = changed.headers.get("etag")!;
    expect(heldTag).not.toBe(etag);

    // Time alone frees the seat: no write happened, yet the tag moves back to the all-available one.
    clock.now = () => holdUntil;
    const lapsed = await getSeats(concert.id, schedule.id, { ...fan.token.header, "if-none-match": heldTag });
    expect(lapsed.status).toBe(200);
    expect(lapsed.headers.get("etag")).toBe(etag);
  });

  it("404s an unknown concert, an unknown schedule and another concert's schedule", async () => {
    const fan = await activeFan();
    const a = await createConcertWithSeats({ seats: 1 });
    const b = await createConcertWithSeats({ seats: 1 });
    expect((await getSeats(b.id + 1000, a.schedules[0]!.id, fan.token.header)).body).toEqual({
      code: 404,
      message: "concert not found",
      error: "concert_not_found",
    });
    expect((await getSeats(a.id, b.schedules[0]!.id, fan.token.header)).body).toEqual({
      code: 404,
      message: "concert schedule not found",
      error: "schedule_not_found",
    });
    expect((await getSeats(a.id, b.schedules[0]!.id + 1000, fan.token.header)).body).toEqual({
      code: 404,
      message: "concert schedule not found",
      error: "schedule_not_found",
    });
  });

  it("checks the token's 401s before the ids, and its 403 and 404 after them (contract order)", async () => {
    const concert = await createConcertWithSeats({ seats: 1 });
    const scheduleId = concert.schedules[0]!.id;
    const user = await createUser();
    const waiting = await queueToken(user.id, { status: "WAIT" });
    const expired = await queueToken((await createUser()).id, { expiresAt: new Date(Date.now() - 1000) });
    const unknown = { authorization: `Bearer ${encodeQueueToken(2_000_000_000)}` };
    const forged = { authorization: `${waiting.token.slice(0, -3)}${waiting.token.endsWith("AAA") ? "BBB" : "AAA"}` };
    // 401 (absent, malformed, expired) beats a malformed id
    expect((await getSeats("abc", "1", {})).status).toBe(401);
    expect((await getSeats("abc", "1", { authorization: "Bearer nonsense" })).status).toBe(401);
    expect((await getSeats("abc", "1", expired.header)).body).toEqual({
      code: 401,
      message: "invalid token",
      error: "token_expired",
      detail: "expired",
    });
    expect((await getSchedules("abc", expired.header)).body).toEqual({
      code: 401,
      message: "invalid token",
      error: "token_expired",
      detail: "expired",
    });
    // a malformed id (400) beats a waiting (403) or unknown (404) token
    for (const headers of [waiting.header, unknown, forged]) {
      expect((await getSchedules("abc", headers)).body).toMatchObject({
        code: 400,
        message: "bad request",
        error: "bad_request",
      });
      expect((await getSeats(concert.id, "0", headers)).body).toMatchObject({
        code: 400,
        message: "bad request",
        error: "bad_request",
      });
    }
    // then 403 and 404 for the token, before anything about the concert is looked up
    expect((await getSeats(1, 1, waiting.header)).body).toEqual({
      code: 403,
      message: "token not active",
      error: "token_not_active",
    });
    expect((await getSchedules(2_000_000, waiting.header)).body).toEqual({
      code: 403,
      message: "token not active",
      error: "token_not_active",
    });
    expect((await getSeats(concert.id, scheduleId, unknown)).body).toEqual({
      code: 404,
      message: "token not found",
      error: "token_not_found",
    });
    expect((await getSchedules(2_000_000, forged)).body).toEqual({
      code: 404,
      message: "token not found",
      error: "token_not_found",
    });
  });
});
