import { beforeAll, describe, expect, it } from "vitest";
import * as schedules from "@/app/api/concerts/[concertId]/schedules/route";
import * as seats from "@/app/api/concerts/[concertId]/schedules/[scheduleId]/seats/route";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as mine from "@/app/api/me/reservations/route";
import { activeFan, bookingState } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call, type CallOptions } from "../helpers/http";
import type { Handler } from "@/lib/http/with-route";

// Client mistakes on endpoints 4-7: a 4xx in the error shape, never a 500, and no state change.
let fan: Awaited<ReturnType<typeof activeFan>>;
let concert: Awaited<ReturnType<typeof createConcertWithSeats>>;
let reservationId: number;
let valid: { userId: number; concertId: number; scheduleId: number; seatId: number };

const BAD_PATH_IDS = [
  "abc",
  "-1",
  "0",
  "1.5",
  "1e3",
  "01",
  "+1",
  " 1",
  "0x10",
  "99999999999",
  "2147483648",
  "9".repeat(400),
  "1;DROP TABLE seats",
];
const BAD_BODY_IDS: unknown[] = [
  "1",
  -1,
  0,
  1.5,
  2_147_483_648,
  1e300,
  9_007_199_254_740_993,
  null,
  true,
  [],
  {},
  "",
  "abc",
];

beforeAll(async () => {
  fan = await activeFan({ balance: 100_000 });
  concert = await createConcertWithSeats({ seats: 3 });
  const schedule = concert.schedules[0]!;
  valid = { userId: fan.id, concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[0]!.id };
  const held = await call(reservations.POST, "POST", "/api/concerts/reservations", {
    headers: fan.headers,
    body: valid,
  });
  reservationId = held.body.reservationId;
  valid = { ...valid, seatId: schedule.seats[1]!.id };
});

async function expectClientError(handler: Handler, method: string, options: CallOptions, status?: number) {
  const res = await call(handler, method, "/api/x", options);
  expect(
    res.status,
    JSON.stringify({ options: { ...options, rawBody: options.rawBody?.slice(0, 80) }, res: res.body }),
  ).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.body.code).toBe(res.status);
  expect(typeof res.body.message).toBe("string");
  return res;
}

describe("bad input on endpoints 4-7", () => {
  it("endpoint 4 and 5: malformed path ids are 400", async () => {
    const before = await bookingState();
    const scheduleId = String(concert.schedules[0]!.id);
    for (const id of BAD_PATH_IDS) {
      await expectClientError(schedules.GET, "GET", { params: { concertId: id }, headers: fan.token.header }, 400);
      await expectClientError(
        seats.GET,
        "GET",
        { params: { concertId: id, scheduleId }, headers: fan.token.header },
        400,
      );
      await expectClientError(
        seats.GET,
        "GET",
        { params: { concertId: String(concert.id), scheduleId: id }, headers: fan.token.header },
        400,
      );
    }
    // well-formed but unknown ids are 404
    await expectClientError(
      schedules.GET,
      "GET",
      { params: { concertId: "2147483647" }, headers: fan.token.header },
      404,
    );
    expect(await bookingState()).toEqual(before);
  });

  it("endpoint 6: every bad field value, missing and extra fields, wrong body shapes are 400", async () => {
    const before = await bookingState();
    for (const field of Object.keys(valid) as (keyof typeof valid)[]) {
      for (const value of BAD_BODY_IDS) {
        const res = await expectClientError(
          reservations.POST,
          "POST",
          { headers: fan.headers, body: { ...valid, [field]: value } },
          400,
        );
        expect(res.body.detail).toContain(`body.${field}`);
      }
      const missing: Record<string, unknown> = { ...valid };
      delete missing[field];
      await expectClientError(reservations.POST, "POST", { headers: fan.headers, body: missing }, 400);
    }
    await expectClientError(reservations.POST, "POST", { headers: fan.headers, body: { ...valid, seatprice: 1 } }, 400);
    for (const body of [[valid], null, "text", 42, {}]) {
      await expectClientError(reservations.POST, "POST", { headers: fan.headers, body }, 400);
    }
    expect(await bookingState()).toEqual(before);
  });

  it("endpoint 7: bad path user ids and reservation ids are 400", async () => {
    const before = await bookingState();
    for (const id of BAD_PATH_IDS) {
      await expectClientError(
        pay.POST,
        "POST",
        { params: { userId: id }, headers: fan.headers, body: { reservationId } },
        400,
      );
    }
    const params = { userId: String(fan.id) };
    for (const value of BAD_BODY_IDS) {
      await expectClientError(pay.POST, "POST", { params, headers: fan.headers, body: { reservationId: value } }, 400);
    }
    await expectClientError(pay.POST, "POST", { params, headers: fan.headers, body: {} }, 400);
    await expectClientError(
      pay.POST,
      "POST",
      { params, headers: fan.headers, body: { reservationId, amount: 1 } },
      400,
    );
    await expectClientError(pay.POST, "POST", { params, headers: fan.headers, body: [reservationId] }, 400);
    expect(await bookingState()).toEqual(before);
  });

  it("malformed JSON, wrong content type, empty and 1 MB bodies, bad Idempotency-Key on endpoints 6 and 7", async () => {
    const before = await bookingState();
    const targets: [Handler, CallOptions["params"]][] = [
      [reservations.POST, {}],
      [pay.POST, { userId: String(fan.id) }],
    ];
    const json = { "content-type": "application/json" };
    for (const [handler, params] of targets) {
      const malformed = await expectClientError(
        handler,
        "POST",
        { params, headers: { ...fan.headers, ...json }, rawBody: '{"userId": 1,' },
        400,
      );
      expect(malformed.body.message).toBe("malformed JSON");
      await expectClientError(
        handler,
        "POST",
        { params, headers: { ...fan.headers, "content-type": "text/plain" }, rawBody: JSON.stringify(valid) },
        415,
      );
      await expectClientError(
        handler,
        "POST",
        {
          params,
          headers: { ...fan.headers, "content-type": "application/x-www-form-urlencoded" },
          rawBody: "userId=1",
        },
        415,
      );
      await expectClientError(handler, "POST", { params, headers: fan.headers }, 400);
      await expectClientError(handler, "POST", { params, headers: { ...fan.headers, ...json }, rawBody: "" }, 400);
      const huge = JSON.stringify({ ...valid, reservationId, pad: "x".repeat(1024 * 1024) });
      await expectClientError(handler, "POST", { params, headers: { ...fan.headers, ...json }, rawBody: huge }, 413);
      const body = handler === pay.POST ? { reservationId } : valid;
      await expectClientError(
        handler,
        "POST",
        { params, headers: { ...fan.headers, "idempotency-key": "k".repeat(300) }, body },
        400,
      );
      await expectClientError(
        handler,
        "POST",
        { params, headers: { ...fan.headers, "idempotency-key": "caf\u00e9" }, body },
        400,
      );
    }
    expect(await bookingState()).toEqual(before);
  });

  it("checks credentials before input: an anonymous malformed request is a 401", async () => {
    await expectClientError(
      reservations.POST,
      "POST",
      { rawBody: "{nope", headers: { "content-type": "application/json" } },
      401,
    );
    await expectClientError(pay.POST, "POST", { params: { userId: "abc" }, body: {} }, 401);
    await expectClientError(schedules.GET, "GET", { params: { concertId: "abc" } }, 401);
    await expectClientError(mine.GET, "GET", {}, 401);
  });

  it("answers other methods with 405 in the error shape", async () => {
    await expectClientError(reservations.GET, "GET", {}, 405);
    await expectClientError(schedules.POST, "POST", { params: { concertId: "1" } }, 405);
    await expectClientError(mine.DELETE, "DELETE", {}, 405);
  });
});
