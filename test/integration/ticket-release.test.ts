import { afterEach, describe, expect, it } from "vitest";
import { releaseSchema } from "@/lib/booking/booking-schemas";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { activeFan, bookingState } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";
import * as releaseRoute from "@/app/api/concerts/reservations/[reservationId]/route";
import { expectBalancesMatchLedger, fundedFan, hold, payOne, release, reserve } from "../helpers/ticket-fixtures";

// DELETE /api/concerts/reservations/{reservationId}: an unpaid hold ends at once.
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  delete process.env.MAX_HOLDS_PER_USER;
  resetConfigForTests();
});

describe("releasing a hold", () => {
  it("frees the seat and the hold limit at once, identity only", async () => {
    process.env.MAX_HOLDS_PER_USER = "1";
    resetConfigForTests();
    const [fan, rival] = [await activeFan(), await activeFan()];
    const concert = await createConcertWithSeats({ seats: 2 });
    const id = await hold(fan, concert, 0);
    expect((await reserve(fan, concert, 1)).body).toMatchObject({ error: "hold_limit" });
    expect((await reserve(rival, concert, 0)).body).toMatchObject({ error: "seat_unavailable" });

    const res = await release(fan, id); // only the session cookie: no queue token
    expect(res.status).toBe(200);
    expect(releaseSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toEqual({ reservationId: id, reservationStatus: "CANCELLED" });
    const row = await prisma.reservation.findUniqueOrThrow({ where: { id }, include: { seat: true } });
    expect(row.status).toBe("CANCELLED");
    expect(row.cancelledAt).not.toBeNull();
    expect(row.seat.holdExpiresAt).toBeNull();
    expect(row.seat.soldAt).toBeNull();

    // the same moment: the seat is on sale to everyone, and the fan may hold another
    expect((await reserve(rival, concert, 0)).status).toBe(200);
    expect((await reserve(fan, concert, 1)).status).toBe(200);
    // a repeat answers the same and changes nothing
    const before = await bookingState();
    expect((await release(fan, id)).body).toEqual({ reservationId: id, reservationStatus: "CANCELLED" });
    expect(await bookingState()).toEqual(before);
  });

  it("answers EXPIRED for a hold that had lapsed by itself, and leaves a new holder's seat alone", async () => {
    const [fan, rival] = [await activeFan(), await activeFan()];
    const concert = await createConcertWithSeats({ seats: 1 });
    const t0 = new Date();
    clock.now = () => t0;
    const id = await hold(fan, concert, 0);
    clock.now = () => new Date(t0.getTime() + 301_000);
    const theirs = await hold(rival, concert, 0);
    expect((await release(fan, id)).body).toEqual({ reservationId: id, reservationStatus: "EXPIRED" });
    const seat = await prisma.seat.findUniqueOrThrow({ where: { id: concert.schedules[0]!.seats[0]!.id } });
    expect(seat.holdExpiresAt).not.toBeNull(); // still the rival's hold
    expect((await prisma.reservation.findUniqueOrThrow({ where: { id: theirs } })).status).toBe("PAYMENT_PENDING");
  });

  it("refuses a paid ticket, another fan's hold, an unknown id and a malformed one, changing nothing", async () => {
    const fan = await fundedFan(50_000);
    const other = await activeFan();
    const concert = await createConcertWithSeats({ seats: 3 });
    const paid = await hold(fan, concert, 0);
    expect((await payOne(fan, paid)).status).toBe(200);
    const theirs = await hold(other, concert, 1);
    const before = await bookingState();

    expect((await release(fan, paid)).body).toMatchObject({
      code: 400,
      message: "reservation already paid",
      error: "reservation_already_paid",
    });
    expect((await release(fan, theirs)).body).toEqual({
      code: 404,
      message: "reservation not found",
      error: "reservation_not_found",
    });
    expect((await release(fan, 2_000_000)).status).toBe(404);
    for (const bad of ["0", "-1", "x", "1.5", "99999999999"]) {
      const res = await release(fan, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error).toBe("bad_request");
    }
    const anonymous = await call(releaseRoute.DELETE, "DELETE", `/api/concerts/reservations/${theirs}`, {
      params: { reservationId: String(theirs) },
    });
    expect(anonymous.body).toMatchObject({ code: 401, error: "authentication_required" });
    expect(await bookingState()).toEqual(before);
  });

  it("a release racing the payment of the same hold: paid or released, never both, never half", async () => {
    for (let round = 0; round < 10; round++) {
      const fan = await fundedFan(10_000);
      const concert = await createConcertWithSeats({ seats: 2, price: 10_000 });
      const id = await hold(fan, concert, 0);
      await hold(fan, concert, 1); // keeps the token alive whatever the order
      const [released, paid] = await Promise.all([release(fan, id), payOne(fan, id)]);
      const row = await prisma.reservation.findUniqueOrThrow({ where: { id }, include: { seat: true } });
      if (paid.status === 200) {
        expect(released.body).toMatchObject({ error: "reservation_already_paid" });
        expect(row.status).toBe("CONFIRMED");
        expect(row.seat.soldAt).not.toBeNull();
      } else {
        expect(paid.body).toMatchObject({ error: "reservation_cancelled" });
        expect(released.body).toEqual({ reservationId: id, reservationStatus: "CANCELLED" });
        expect(row.status).toBe("CANCELLED");
        expect(row.seat.soldAt).toBeNull();
        expect(row.seat.holdExpiresAt).toBeNull();
        expect(await prisma.payment.count({ where: { userId: fan.id } })).toBe(0);
      }
    }
    await expectBalancesMatchLedger();
  });

  it("a release racing another fan's hold of the same seat: the seat ends up held by exactly one live reservation", async () => {
    for (let round = 0; round < 10; round++) {
      const [fan, rival] = [await activeFan(), await activeFan()];
      const concert = await createConcertWithSeats({ seats: 1 });
      const id = await hold(fan, concert, 0);
      const [released, taken] = await Promise.all([release(fan, id), reserve(rival, concert, 0)]);
      expect(released.status).toBe(200);
      // the rival either came first (seat still held: refused) or after the release (takes it)
      expect([200, 400]).toContain(taken.status);
      const live = await prisma.reservation.count({
        where: { seatId: concert.schedules[0]!.seats[0]!.id, status: { in: ["PAYMENT_PENDING", "CONFIRMED"] } },
      });
      expect(live).toBe(taken.status === 200 ? 1 : 0);
      const seat = await prisma.seat.findUniqueOrThrow({ where: { id: concert.schedules[0]!.seats[0]!.id } });
      expect(seat.holdExpiresAt === null).toBe(taken.status !== 200);
    }
  });
});
