import { afterEach, describe, expect, it } from "vitest";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as mine from "@/app/api/me/reservations/route";
import { myReservationListSchema, reservationSchema } from "@/lib/booking/booking-schemas";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { activeFan, activeFans } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";

const DAY = 24 * 3600 * 1000;
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  delete process.env.MAX_HOLDS_PER_USER;
  delete process.env.RESERVATION_HOLD_SECONDS;
  resetConfigForTests();
});

type Ids = { concertId: number; scheduleId: number; seatId: number };
function reserve(headers: Record<string, string>, body: unknown) {
  return call(reservations.POST, "POST", "/api/concerts/reservations", { headers, body });
}
function seatIds(concert: Awaited<ReturnType<typeof createConcertWithSeats>>, index = 0, schedule = 0): Ids {
  const s = concert.schedules[schedule]!;
  return { concertId: concert.id, scheduleId: s.id, seatId: s.seats[index]!.id };
}

describe("endpoint 6: reserve a seat", () => {
  it("holds the seat for RESERVATION_HOLD_SECONDS and answers the contract's fields", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 3, price: 15_000 });
    const ids = seatIds(concert, 2);
    const before = Date.now();
    const res = await reserve(fan.headers, { userId: fan.id, ...ids });
    expect(res.status).toBe(200);
    expect(reservationSchema.parse(res.body)).toEqual(res.body);
    const schedule = concert.schedules[0]!;
    expect(res.body).toMatchObject({
      concertId: concert.id,
      concertName: "Test Concert",
      concertAt: schedule.concertAt.toISOString(),
      scheduleId: schedule.id,
      seatId: ids.seatId,
      seatNumber: 3,
      seatPrice: 15_000,
      seatprice: 15_000,
      reservationStatus: "PAYMENT_PENDING",
    });
    const expiresAt = new Date(res.body.expiresAt).getTime();
    expect(expiresAt - before).toBeGreaterThanOrEqual(300_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(300_000);

    const row = await prisma.reservation.findUniqueOrThrow({ where: { id: res.body.reservationId } });
    expect(row).toMatchObject({ userId: fan.id, seatId: ids.seatId, price: 15_000, status: "PAYMENT_PENDING" });
    expect(row.expiresAt.toISOString()).toBe(res.body.expiresAt);
    const seat = await prisma.seat.findUniqueOrThrow({ where: { id: ids.seatId } });
    expect(seat.holdExpiresAt?.toISOString()).toBe(res.body.expiresAt);
    expect(seat.soldAt).toBeNull();
  });

  it("keeps the fan's ACTIVE token alive at least until the hold expires", async () => {
    const fan = await activeFan();
    await prisma.queueToken.update({ where: { id: fan.token.id }, data: { expiresAt: new Date(Date.now() + 10_000) } });
    const concert = await createConcertWithSeats({ seats: 1 });
    const res = await reserve(fan.headers, { userId: fan.id, ...seatIds(concert) });
    const token = await prisma.queueToken.findUniqueOrThrow({ where: { id: fan.token.id } });
    expect(token.expiresAt.toISOString()).toBe(res.body.expiresAt);
  });

  it("lets exactly one of 200 simultaneous fans hold one seat", async () => {
    const fans = await activeFans(200);
    const concert = await createConcertWithSeats({ seats: 1 });
    const ids = seatIds(concert);
    const results = await Promise.all(fans.map((f) => reserve(f.headers, { userId: f.id, ...ids })));
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 400);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(199);
    for (const r of lost)
      expect(r.body).toEqual({
        code: 400,
        message: "reservation failed",
        error: "seat_unavailable",
        detail: "seat unavailable",
      });
    const rows = await prisma.reservation.findMany({ where: { seatId: ids.seatId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(won[0]!.body.reservationId);
  });

  it("refuses a seat that is held or sold, and hands a lapsed hold to the next fan", async () => {
    const [a, b] = [await activeFan(), await activeFan()];
    const concert = await createConcertWithSeats({ seats: 2 });
    const first = await reserve(a.headers, { userId: a.id, ...seatIds(concert, 0) });
    expect(first.status).toBe(200);
    const taken = await reserve(b.headers, { userId: b.id, ...seatIds(concert, 0) });
    expect(taken.body).toEqual({
      code: 400,
      message: "reservation failed",
      error: "seat_unavailable",
      detail: "seat unavailable",
    });
    const again = await reserve(a.headers, { userId: a.id, ...seatIds(concert, 0) });
    expect(again.body.detail).toBe("seat unavailable");

    await prisma.seat.update({ where: { id: seatIds(concert, 1).seatId }, data: { soldAt: new Date() } });
    expect((await reserve(b.headers, { userId: b.id, ...seatIds(concert, 1) })).body.detail).toBe("seat unavailable");

    clock.now = () => new Date(new Date(first.body.expiresAt).getTime() + 1);
    const next = await reserve(b.headers, { userId: b.id, ...seatIds(concert, 0) });
    expect(next.status).toBe(200);
    const old = await prisma.reservation.findUniqueOrThrow({ where: { id: first.body.reservationId } });
    expect(old.status).toBe("EXPIRED");
    expect(
      await prisma.reservation.count({ where: { seatId: seatIds(concert, 0).seatId, status: "PAYMENT_PENDING" } }),
    ).toBe(1);
  });

  it("refuses before booking opens and once the concert has started", async () => {
    const fan = await activeFan();
    const early = await createConcertWithSeats({
      seats: 1,
      reservationAt: new Date(Date.now() + DAY),
      concertAt: new Date(Date.now() + 2 * DAY),
    });
    expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(early) })).body).toEqual({
      code: 400,
      message: "reservation failed",
      error: "booking_not_open",
      detail: "booking not open yet",
    });
    const past = await createConcertWithSeats({
      seats: 1,
      reservationAt: new Date(Date.now() - 2 * DAY),
      concertAt: new Date(Date.now() - DAY),
    });
    expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(past) })).body).toEqual({
      code: 400,
      message: "reservation failed",
      error: "concert_past",
      detail: "concert past",
    });
    expect(await prisma.reservation.count({ where: { userId: fan.id } })).toBe(0);
  });

  it("404s an unknown concert, a schedule of another concert and a seat of another schedule", async () => {
    const fan = await activeFan();
    const a = await createConcertWithSeats({ seats: 1, schedules: 2 });
    const b = await createConcertWithSeats({ seats: 1 });
    const cases: [Ids, string][] = [
      [{ ...seatIds(a), concertId: b.id + 1000 }, "concert not found"],
      [{ ...seatIds(a), scheduleId: b.schedules[0]!.id }, "concert schedule not found"],
      [{ ...seatIds(a), seatId: seatIds(a, 0, 1).seatId }, "seat not found"],
      [{ ...seatIds(a), seatId: seatIds(b).seatId + 1000 }, "seat not found"],
    ];
    for (const [ids, message] of cases) {
      expect((await reserve(fan.headers, { userId: fan.id, ...ids })).body).toMatchObject({ code: 404, message });
    }
    expect(await prisma.reservation.count({ where: { userId: fan.id } })).toBe(0);
  });

  it("caps a fan's live unpaid holds at MAX_HOLDS_PER_USER; paid and lapsed holds do not count", async () => {
    const fan = await activeFan({ balance: 100_000 });
    const concert = await createConcertWithSeats({ seats: 8 });
    for (let i = 0; i < 4; i++)
      expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, i) })).status).toBe(200);
    const fifth = await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 4) });
    expect(fifth.body).toEqual({ code: 400, message: "reservation failed", error: "hold_limit", detail: "hold limit" });
    expect(
      (await prisma.seat.findUniqueOrThrow({ where: { id: seatIds(concert, 4).seatId } })).holdExpiresAt,
    ).toBeNull();

    const [firstHold] = await prisma.reservation.findMany({ where: { userId: fan.id }, orderBy: { id: "asc" } });
    const paid = await call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
      params: { userId: String(fan.id) },
      headers: fan.headers,
      body: { reservationId: firstHold!.id },
    });
    expect(paid.status).toBe(200);
    expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 4) })).status).toBe(200);
    expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 5) })).body.detail).toBe("hold limit");

    // all four unpaid holds lapse: the fan may hold again
    const latest = await prisma.reservation.findFirstOrThrow({
      where: { userId: fan.id },
      orderBy: { expiresAt: "desc" },
    });
    clock.now = () => new Date(latest.expiresAt.getTime());
    expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 5) })).status).toBe(200);
  });

  it("holds the limit under a race: 3 holds + 6 simultaneous requests -> exactly 1 more", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 10 });
    for (let i = 0; i < 3; i++)
      expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, i) })).status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 3 + i) })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 400);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.body.detail).toBe("hold limit");
    expect(await prisma.reservation.count({ where: { userId: fan.id, status: "PAYMENT_PENDING" } })).toBe(4);
    const scheduleId = concert.schedules[0]!.id;
    expect(await prisma.seat.count({ where: { scheduleId, holdExpiresAt: { not: null } } })).toBe(4);
  });

  it("honours MAX_HOLDS_PER_USER and RESERVATION_HOLD_SECONDS from the environment", async () => {
    process.env.MAX_HOLDS_PER_USER = "1";
    process.env.RESERVATION_HOLD_SECONDS = "30";
    resetConfigForTests();
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 2 });
    const now = new Date("2030-01-01T00:00:00.000Z");
    await prisma.queueToken.update({
      where: { id: fan.token.id },
      // Admitted at `now`: the token's hard cap (QUEUE_ACTIVE_MAX_SECONDS) counts from admission.
      data: { activatedAt: now, expiresAt: new Date("2030-01-01T00:05:00.000Z") },
    });
    await prisma.schedule.update({
      where: { id: concert.schedules[0]!.id },
      data: { concertAt: new Date("2030-06-01T00:00:00.000Z") },
    });
    clock.now = () => now;
    const res = await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 0) });
    expect(res.body.expiresAt).toBe("2030-01-01T00:00:30.000Z");
    expect((await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 1) })).body.detail).toBe("hold limit");
  });

  it("replays a reservation for a repeated Idempotency-Key and 409s the key with another body", async () => {
    const fan = await activeFan();
    const concert = await createConcertWithSeats({ seats: 2 });
    const headers = { ...fan.headers, "idempotency-key": "reserve-1" };
    const first = await reserve(headers, { userId: fan.id, ...seatIds(concert, 0) });
    const again = await reserve(headers, { userId: fan.id, ...seatIds(concert, 0) });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await prisma.reservation.count({ where: { userId: fan.id } })).toBe(1);
    const other = await reserve(headers, { userId: fan.id, ...seatIds(concert, 1) });
    expect(other.body).toMatchObject({ code: 409, message: "idempotency key reused", error: "idempotency_key_reused" });
    expect(await prisma.reservation.count({ where: { userId: fan.id } })).toBe(1);

    // ten simultaneous repeats of a new key: one hold; the rest replay it or are told it is in use
    const key = { ...fan.headers, "idempotency-key": "reserve-2" };
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => reserve(key, { userId: fan.id, ...seatIds(concert, 1) })),
    );
    const ok = burst.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    for (const r of burst.filter((r) => r.status !== 200))
      expect(r.body).toMatchObject({ code: 409, message: "idempotency key in use", error: "idempotency_key_in_use" });
    expect(await prisma.reservation.count({ where: { userId: fan.id } })).toBe(2);
  });
});

describe("GET /api/me/reservations", () => {
  it("lists the fan's own reservations newest first, a lapsed hold reading EXPIRED", async () => {
    const fan = await activeFan({ balance: 50_000 });
    const concert = await createConcertWithSeats({ seats: 3, price: 10_000 });
    const r1 = await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 0) });
    const r2 = await reserve(fan.headers, { userId: fan.id, ...seatIds(concert, 1) });
    await call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
      params: { userId: String(fan.id) },
      headers: fan.headers,
      body: { reservationId: r2.body.reservationId },
    });
    const list = async () => (await call(mine.GET, "GET", "/api/me/reservations", { headers: fan.cookie })).body;
    const body = await list();
    expect(myReservationListSchema.parse(body)).toEqual(body);
    expect(body.reservations.map((r: { reservationId: number }) => r.reservationId)).toEqual([
      r2.body.reservationId,
      r1.body.reservationId,
    ]);
    expect(body.reservations[0]).toMatchObject({
      concertId: concert.id,
      concertName: "Test Concert",
      scheduleId: concert.schedules[0]!.id,
      concertAt: concert.schedules[0]!.concertAt.toISOString(),
      seatId: seatIds(concert, 1).seatId,
      seatNumber: 2,
      price: 10_000,
      status: "CONFIRMED",
    });
    expect(body.reservations[0].confirmedAt).not.toBeNull();
    expect(body.reservations[1]).toMatchObject({
      status: "PAYMENT_PENDING",
      expiresAt: r1.body.expiresAt,
      confirmedAt: null,
    });

    clock.now = () => new Date(r1.body.expiresAt);
    const later = await list();
    expect(later.reservations.map((r: { status: string }) => r.status)).toEqual(["CONFIRMED", "EXPIRED"]);
    expect((await call(mine.GET, "GET", "/api/me/reservations")).status).toBe(401);
  });
});
