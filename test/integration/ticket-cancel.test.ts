import { afterEach, describe, expect, it } from "vitest";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import * as history from "@/app/api/balance/users/[userId]/history/route";
import * as publicRoom from "@/app/api/concerts/[concertId]/room/route";
import { cancellationSchema } from "@/lib/booking/booking-schemas";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { encodeQueueToken } from "@/lib/queue/queue-token-codec";
import { activeFan, bookingState } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";
import {
  balanceOf,
  buy,
  cancel,
  expectBalancesMatchLedger,
  fundedFan,
  hold,
  payMany,
  release,
  reserve,
  ticketOf,
  type Fan,
} from "../helpers/ticket-fixtures";

// POST /api/concerts/reservations/{reservationId}/cancel: a paid ticket back to the wallet, its seat back on sale.
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  delete process.env.REFUND_CUTOFF_HOURS;
  resetConfigForTests();
});

const DAY = 24 * 3600_000;

function chargeWallet(fan: Fan, amount: number) {
  return call(charge.POST, "POST", `/api/balance/users/${fan.id}/charge`, {
    params: { userId: String(fan.id) },
    headers: fan.cookie,
    body: { amount },
  });
}

describe("cancelling a paid ticket", () => {
  it("refunds that line in one transaction: REFUND ledger row, line and payment refunded, seat back on sale", async () => {
    const fan = await fundedFan(100_000);
    const concert = await createConcertWithSeats({ seats: 3, price: 20_000 });
    const [a, b] = await buy(fan, concert, [0, 1]);
    expect(await balanceOf(fan.id)).toBe(60_000);

    const res = await cancel(fan, a!);
    expect(res.status).toBe(200);
    expect(cancellationSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toEqual({
      reservationId: a,
      reservationStatus: "CANCELLED",
      refundedAmount: 20_000,
      balanceAfter: 80_000,
    });

    const line = await prisma.paymentLine.findUniqueOrThrow({
      where: { reservationId: a },
      include: { payment: true },
    });
    expect(line.status).toBe("REFUNDED");
    expect(line.refundedAt).not.toBeNull();
    expect(line.payment.status).toBe("PARTIALLY_REFUNDED");
    const refunds = await prisma.ledgerEntry.findMany({ where: { userId: fan.id, kind: "REFUND" } });
    expect(refunds.map((r) => [r.amount, r.balanceAfter, r.paymentId, r.paymentLineId])).toEqual([
      [20_000, 80_000, line.paymentId, line.id],
    ]);
    const row = await prisma.reservation.findUniqueOrThrow({ where: { id: a! }, include: { seat: true } });
    expect(row.status).toBe("CANCELLED");
    expect(row.cancelledAt).not.toBeNull();
    expect(row.seat).toMatchObject({ soldAt: null, holdExpiresAt: null });

    const listed = await ticketOf(fan, a!);
    expect(listed).toMatchObject({ status: "CANCELLED", refundedAmount: 20_000, ticketCode: null });
    expect(listed.bookingNumber).toMatch(/^[2-9A-Z]{8}$/);
    const ledger = await call(history.GET, "GET", "/x", { params: { userId: String(fan.id) }, headers: fan.cookie });
    expect(ledger.body.entries[0]).toMatchObject({
      kind: "REFUND",
      amount: 20_000,
      tickets: [{ reservationId: a, concertName: "Test Concert", seatNumber: 1, amount: 20_000 }],
    });
    expect(ledger.body.entries[1].tickets.map((t: { seatNumber: number }) => t.seatNumber)).toEqual([1, 2]);

    // the seat is on sale again; the second line refunds the rest of the payment
    const rival = await activeFan();
    expect((await reserve(rival, concert, 0)).status).toBe(200);
    expect((await cancel(fan, b!)).body).toMatchObject({ refundedAmount: 20_000, balanceAfter: 100_000 });
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: line.paymentId } })).status).toBe("REFUNDED");
    await expectBalancesMatchLedger();
  });

  it("answers a repeat with the first body, even after the wallet moved and the deadline passed", async () => {
    const fan = await fundedFan(50_000);
    const concert = await createConcertWithSeats({
      seats: 1,
      price: 10_000,
      concertAt: new Date(Date.now() + 3 * DAY),
    });
    const [id] = await buy(fan, concert, [0]);
    const first = await cancel(fan, id!);
    expect(first.status).toBe(200);
    expect((await chargeWallet(fan, 5_000)).status).toBe(200);
    clock.now = () => new Date(Date.now() + 2.5 * DAY); // past the 24-hour cutoff
    const before = await bookingState();
    const again = await cancel(fan, id!);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await bookingState()).toEqual(before);
  });

  it("closes REFUND_CUTOFF_HOURS before the show (default 24)", async () => {
    const concertAt = new Date(Date.now() + 3 * DAY);
    const fan = await fundedFan(50_000);
    const concert = await createConcertWithSeats({ seats: 2, price: 10_000, concertAt });
    const [a, b] = await buy(fan, concert, [0, 1]);
    const deadline = new Date(concertAt.getTime() - DAY);
    expect((await ticketOf(fan, a!)).refundDeadline).toBe(deadline.toISOString());

    clock.now = () => deadline;
    const before = await bookingState();
    expect((await cancel(fan, a!)).body).toEqual({
      code: 400,
      message: "refund cutoff passed",
      error: "refund_cutoff",
      detail: `cancellations closed at ${deadline.toISOString()}`,
    });
    expect(await bookingState()).toEqual(before);
    clock.now = () => new Date(deadline.getTime() - 1);
    expect((await cancel(fan, a!)).status).toBe(200);

    process.env.REFUND_CUTOFF_HOURS = "48";
    resetConfigForTests();
    expect((await cancel(fan, b!)).body).toMatchObject({ error: "refund_cutoff" });
  });

  it("refuses holds, released holds, lapsed holds, unknown and other fans' tickets, changing nothing", async () => {
    const fan = await fundedFan(50_000);
    const other = await fundedFan(50_000);
    const concert = await createConcertWithSeats({ seats: 4, price: 10_000 });
    const t0 = new Date();
    clock.now = () => t0;
    const lapsed = await hold(fan, concert, 0);
    clock.now = () => new Date(t0.getTime() + 301_000);
    const pending = await hold(fan, concert, 1);
    const released = await hold(fan, concert, 2);
    expect((await release(fan, released)).status).toBe(200);
    const [theirs] = await buy(other, concert, [3]);
    const before = await bookingState();

    for (const id of [lapsed, pending, released]) {
      const res = await cancel(fan, id);
      expect(res.body, String(id)).toMatchObject({
        code: 400,
        message: "reservation not confirmed",
        error: "reservation_not_confirmed",
      });
    }
    expect((await cancel(fan, theirs!)).body).toEqual({
      code: 404,
      message: "reservation not found",
      error: "reservation_not_found",
    });
    expect((await cancel(fan, 2_000_000)).status).toBe(404);
    for (const bad of ["0", "abc", "-3"]) expect((await cancel(fan, bad)).status).toBe(400);
    expect(await bookingState()).toEqual(before);
  });

  it("refunds past the 100,000,000 charge cap; charges stay capped; a payment from above the cap works", async () => {
    const fan = await fundedFan(100_000_000);
    const concert = await createConcertWithSeats({ seats: 2, price: 10_000 });
    const [id] = await buy(fan, concert, [0]);
    expect((await chargeWallet(fan, 10_000)).body).toEqual({ userId: fan.id, currentAmount: 100_000_000 });
    const refund = await cancel(fan, id!);
    expect(refund.body).toMatchObject({ refundedAmount: 10_000, balanceAfter: 100_010_000 });
    expect(await balanceOf(fan.id)).toBe(100_010_000);
    expect((await chargeWallet(fan, 1)).body).toMatchObject({ error: "balance_limit" });
    // paying from above the cap leaves it above the cap, which is fine for a payment
    const fresh = { ...fan, headers: { ...fan.cookie, ...(await newToken(fan.id)) } };
    const again = await hold(fresh, concert, 1);
    expect((await payMany(fresh, [again])).body).toMatchObject({ balanceAfter: 100_000_000 });
    await expectBalancesMatchLedger();
  });

  it("20 simultaneous cancels of one ticket: one refund, every answer the same", async () => {
    const fan = await fundedFan(50_000);
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const [id] = await buy(fan, concert, [0]);
    const results = await Promise.all(Array.from({ length: 20 }, () => cancel(fan, id!)));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(results[0]!.body);
    }
    expect(results[0]!.body).toMatchObject({ refundedAmount: 10_000, balanceAfter: 50_000 });
    expect(await prisma.ledgerEntry.count({ where: { userId: fan.id, kind: "REFUND" } })).toBe(1);
    expect(await balanceOf(fan.id)).toBe(50_000);
    await expectBalancesMatchLedger();
  });

  it("a cancel racing a new fan holding the freed seat: the seat is never sold twice nor lost", async () => {
    for (let round = 0; round < 10; round++) {
      const fan = await fundedFan(10_000);
      const rival = await activeFan();
      const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
      const [id] = await buy(fan, concert, [0]);
      const [cancelled, taken] = await Promise.all([cancel(fan, id!), reserve(rival, concert, 0)]);
      expect(cancelled.status).toBe(200);
      const seatId = concert.schedules[0]!.seats[0]!.id;
      const live = await prisma.reservation.findMany({
        where: { seatId, status: { in: ["PAYMENT_PENDING", "CONFIRMED"] } },
      });
      const seat = await prisma.seat.findUniqueOrThrow({ where: { id: seatId } });
      expect(seat.soldAt).toBeNull();
      if (taken.status === 200) {
        expect(live.map((r) => [r.userId, r.status])).toEqual([[rival.id, "PAYMENT_PENDING"]]);
        expect(seat.holdExpiresAt).not.toBeNull();
      } else {
        expect(taken.body).toMatchObject({ error: "seat_unavailable" });
        expect(live).toEqual([]);
        // the seat is free: the rival's retry gets it
        expect((await reserve(rival, concert, 0)).status).toBe(200);
      }
    }
    await expectBalancesMatchLedger();
  });

  it("a cancel racing the same fan's payment of another hold: both happen, balance = ledger", async () => {
    for (let round = 0; round < 10; round++) {
      const fan = await fundedFan(30_000);
      const concert = await createConcertWithSeats({ seats: 3, price: 10_000 });
      const [paid] = await buy(fan, concert, [0]);
      const again: Fan = { ...fan, headers: { ...fan.cookie, ...(await newToken(fan.id)) } };
      const other = await hold(again, concert, 1);
      const [cancelled, payment] = await Promise.all([cancel(fan, paid!), payMany(again, [other])]);
      expect(cancelled.status).toBe(200);
      expect(payment.status).toBe(200);
      // one ran after the other, each on the balance the first left: never a lost update
      expect([
        [30_000, 20_000],
        [20_000, 10_000],
      ]).toContainEqual([cancelled.body.balanceAfter, payment.body.balanceAfter]);
      expect(await balanceOf(fan.id)).toBe(20_000);
    }
    await expectBalancesMatchLedger();
  });

  it("reopens a SOLD_OUT dedicated room: the cancelled seat is unsold again", async () => {
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const room = await prisma.queueRoom.create({
      data: {
        concertId: concert.id,
        prequeueOpensAt: new Date(Date.now() - 7_200_000),
        salesStartAt: new Date(Date.now() - 3_600_000),
        drawnAt: new Date(Date.now() - 3_600_000),
      },
    });
    const fan = await fundedFan(10_000);
    await prisma.queueToken.updateMany({ where: { userId: fan.id }, data: { status: "EXPIRED" } });
    const token = await prisma.queueToken.create({
      data: {
        userId: fan.id,
        roomId: room.id,
        status: "ACTIVE",
        activatedAt: new Date(),
        expiresAt: new Date(Date.now() + DAY),
      },
    });
    const inRoom = { ...fan, headers: { ...fan.cookie, authorization: `Bearer ${encodeQueueToken(token.id)}` } };
    const [id] = await buy(inRoom, concert, [0]);
    const saleState = async () =>
      (await call(publicRoom.GET, "GET", "/x", { params: { concertId: String(concert.id) } })).body.saleState;
    expect(await saleState()).toBe("SOLD_OUT");
    expect((await cancel(fan, id!)).status).toBe(200);
    expect(await saleState()).toBe("ON_SALE");
  });
});

/** A fresh ACTIVE general-room token for a fan whose token a payment ended. */
async function newToken(userId: number): Promise<{ authorization: string }> {
  await prisma.queueToken.updateMany({
    where: { userId, status: { in: ["WAIT", "ACTIVE"] } },
    data: { status: "EXPIRED" },
  });
  const token = await prisma.queueToken.create({
    data: { userId, status: "ACTIVE", activatedAt: new Date(), expiresAt: new Date(Date.now() + DAY) },
  });
  return { authorization: `Bearer ${encodeQueueToken(token.id)}` };
}
