import { afterEach, describe, expect, it } from "vitest";
import { multiPaymentSchema } from "@/lib/booking/booking-schemas";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { activeFan, bookingState, fund, ledgerSum, queueToken } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import {
  balanceOf,
  expectBalancesMatchLedger,
  fundedFan,
  hold,
  myReservations,
  payMany,
  payOne,
  type Fan,
} from "../helpers/ticket-fixtures";

// Endpoint 7 with {reservationIds}: one payment, one debit of the sum, all confirmed or none.
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  delete process.env.MAX_HOLDS_PER_USER;
  resetConfigForTests();
});

const BOOKING_NUMBER = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/;

describe("paying several holds at once", () => {
  it("debits the sum once, writes one payment with a line per seat, confirms all, sells all, ends the token", async () => {
    const fan = await activeFan();
    await fund(fan.id, 100_000);
    const concert = await createConcertWithSeats({ seats: 4, price: 20_000 });
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1), await hold(fan, concert, 2)];

    const res = await payMany(fan, ids);
    expect(res.status).toBe(200);
    expect(multiPaymentSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toEqual({
      paymentId: expect.any(Number),
      reservationIds: ids,
      amount: 60_000,
      paymentStatus: "COMPLETED",
      balanceAfter: 40_000,
    });
    const payment = await prisma.payment.findUniqueOrThrow({
      where: { id: res.body.paymentId },
      include: { lines: { orderBy: { id: "asc" } } },
    });
    expect(payment).toMatchObject({ userId: fan.id, amount: 60_000, status: "COMPLETED", reservationId: null });
    expect(payment.lines.map((l) => [l.reservationId, l.amount, l.status])).toEqual(
      ids.map((id) => [id, 20_000, "PAID"]),
    );
    const debits = await prisma.ledgerEntry.findMany({ where: { userId: fan.id, kind: "PAYMENT" } });
    expect(debits.map((d) => [d.amount, d.paymentId])).toEqual([[-60_000, payment.id]]);
    const reservations = await prisma.reservation.findMany({ where: { id: { in: ids } }, include: { seat: true } });
    for (const r of reservations) {
      expect(r.status).toBe("CONFIRMED");
      expect(r.bookingNumber).toMatch(BOOKING_NUMBER);
      expect(r.seat.soldAt).not.toBeNull();
    }
    expect(new Set(reservations.map((r) => r.bookingNumber)).size).toBe(3);
    expect((await prisma.queueToken.findUniqueOrThrow({ where: { id: fan.token.id } })).status).toBe("EXPIRED");
    expect(await balanceOf(fan.id)).toBe(40_000);
    expect(await ledgerSum(fan.id)).toBe(40_000);

    // my reservations now show three tickets with their numbers and codes
    const listed = (await myReservations(fan)).filter((r) => ids.includes(r.reservationId));
    for (const t of listed) {
      expect(t).toMatchObject({ status: "CONFIRMED", paymentId: payment.id, venue: "Test Hall" });
      expect(t.bookingNumber).toMatch(BOOKING_NUMBER);
      expect(t.ticketCode).toMatch(/^TK1\./);
    }
  });

  it("keeps the original answer for {reservationId}, now backed by a one-line payment", async () => {
    const fan = await fundedFan(50_000);
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const id = await hold(fan, concert, 0);
    const res = await payOne(fan, id);
    expect(Object.keys(res.body)).toEqual(["paymentId", "reservationId", "amount", "paymentStatus", "balanceAfter"]);
    const payment = await prisma.payment.findUniqueOrThrow({
      where: { id: res.body.paymentId },
      include: { lines: true },
    });
    expect(payment.reservationId).toBe(id);
    expect(payment.lines.map((l) => [l.reservationId, l.amount])).toEqual([[id, 10_000]]);
  });

  it("charges nothing and confirms nothing when one of the holds has lapsed (all or none)", async () => {
    const fan = await fundedFan(100_000);
    const concert = await createConcertWithSeats({ seats: 3, price: 10_000 });
    const t0 = new Date();
    clock.now = () => t0;
    const first = await hold(fan, concert, 0);
    clock.now = () => new Date(t0.getTime() + 200_000);
    const second = await hold(fan, concert, 1);
    // the first hold lapses (300 s), the second is still live
    clock.now = () => new Date(t0.getTime() + 301_000);
    const before = await bookingState();
    const res = await payMany(fan, [second, first]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: "reservation_expired",
      detail: expect.stringMatching(`^reservation ${first}:`),
    });
    expect(await bookingState()).toEqual(before);
  });

  it("charges nothing when the balance covers some of the seats but not the sum", async () => {
    const fan = await fundedFan(25_000);
    const concert = await createConcertWithSeats({ seats: 3, price: 10_000 });
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1), await hold(fan, concert, 2)];
    const before = await bookingState();
    const res = await payMany(fan, ids);
    expect(res.body).toMatchObject({ code: 400, error: "insufficient_balance", detail: "balance 25000, needed 30000" });
    expect(await bookingState()).toEqual(before);
  });

  it("refuses a list naming someone else's reservation, an unknown one, a paid one or a released one, changing nothing", async () => {
    const [fan, other] = [await fundedFan(100_000), await fundedFan(100_000)];
    const concert = await createConcertWithSeats({ seats: 5, price: 10_000 });
    const mine = [await hold(fan, concert, 0), await hold(fan, concert, 1)];
    const theirs = await hold(other, concert, 2);
    const paid = await hold(fan, concert, 3);
    expect((await payOne(fan, paid)).status).toBe(200);
    const released = await hold(fan, concert, 4);
    const { release } = await import("../helpers/ticket-fixtures");
    expect((await release(fan, released)).status).toBe(200);

    const before = await bookingState();
    expect((await payMany(fan, [...mine, theirs])).body).toEqual({
      code: 404,
      message: "reservation not found",
      error: "reservation_not_found",
      detail: `reservation ${theirs}`,
    });
    expect((await payMany(fan, [...mine, 2_000_000])).body).toMatchObject({ code: 404, detail: "reservation 2000000" });
    expect((await payMany(fan, [...mine, paid])).body).toMatchObject({
      code: 400,
      error: "reservation_already_paid",
      detail: `reservation ${paid}`,
    });
    expect((await payMany(fan, [released, ...mine])).body).toMatchObject({
      code: 400,
      error: "reservation_cancelled",
      detail: `reservation ${released}`,
    });
    expect(await bookingState()).toEqual(before);
  });

  it("refuses empty, repeated, malformed and over-the-limit lists with the error shape, changing nothing", async () => {
    process.env.MAX_HOLDS_PER_USER = "2";
    resetConfigForTests();
    const fan = await fundedFan(100_000);
    const concert = await createConcertWithSeats({ seats: 3, price: 10_000 });
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1)];
    const before = await bookingState();
    const bad: [unknown, RegExp][] = [
      [[], /reservationIds: must name at least one reservation/],
      [[ids[0], ids[0]], /must not name a reservation twice/],
      [[ids[0], "2"], /expected \{reservationId\} or \{reservationIds/],
      [[0], /reservationIds\.0/],
      [[...ids, 3], /at most 2 reservations \(the hold limit\)/],
      [Array.from({ length: 101 }, (_, i) => i + 1), /at most 100|expected \{reservationId\} or/],
    ];
    for (const [reservationIds, detail] of bad) {
      const res = await payMany(fan, reservationIds as number[]);
      expect(res.status, JSON.stringify(reservationIds)).toBe(400);
      expect(Object.keys(res.body).sort()).toEqual(["code", "detail", "error", "message"]);
      expect(res.body.detail).toMatch(detail);
    }
    const { call } = await import("../helpers/http");
    const pay = await import("@/app/api/payment/concerts/users/[userId]/route");
    for (const body of [{ reservationIds: ids, reservationId: ids[0] }, {}, { reservationIds: "1,2" }]) {
      const res = await call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
        params: { userId: String(fan.id) },
        headers: fan.headers,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe("bad_request");
    }
    expect(await bookingState()).toEqual(before);
  });

  it("refuses reservations of two rooms in one payment, changing nothing", async () => {
    const fan = await fundedFan(100_000);
    const general = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const dedicated = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const inGeneral = await hold(fan, general, 0);
    const room = await prisma.queueRoom.create({
      data: {
        concertId: dedicated.id,
        prequeueOpensAt: new Date(Date.now() - 7_200_000),
        salesStartAt: new Date(Date.now() - 3_600_000),
        drawnAt: new Date(Date.now() - 3_600_000),
      },
    });
    // the same fan, admitted to the dedicated room as well
    const roomToken = await prisma.queueToken.create({
      data: {
        userId: fan.id,
        roomId: room.id,
        status: "ACTIVE",
        activatedAt: new Date(),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const { encodeQueueToken } = await import("@/lib/queue/queue-token-codec");
    const inRoom: Fan = {
      ...fan,
      headers: { ...fan.cookie, authorization: `Bearer ${encodeQueueToken(roomToken.id)}` },
    };
    const inDedicated = await hold(inRoom, dedicated, 0);
    const before = await bookingState();
    for (const payer of [fan, inRoom]) {
      const res = await payMany(payer, [inGeneral, inDedicated]);
      expect(res.body).toEqual({
        code: 400,
        message: "payment failed",
        error: "mixed_rooms",
        detail: "reservations of more than one waiting room",
      });
    }
    expect(await bookingState()).toEqual(before);
    // each room's seat is paid with that room's token
    expect((await payMany(inRoom, [inGeneral])).body).toMatchObject({ error: "token_other_room" });
    expect((await payMany(inRoom, [inDedicated])).status).toBe(200);
    expect((await payMany(fan, [inGeneral])).status).toBe(200);
    await expectBalancesMatchLedger();
  });

  it("keeps the token ACTIVE while the fan still holds another seat of the room", async () => {
    const fan = await fundedFan(100_000);
    const concert = await createConcertWithSeats({ seats: 3, price: 10_000 });
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1)];
    await hold(fan, concert, 2);
    expect((await payMany(fan, ids)).status).toBe(200);
    expect((await prisma.queueToken.findUniqueOrThrow({ where: { id: fan.token.id } })).status).toBe("ACTIVE");
  });

  it("20 simultaneous payments of the same three holds: one debit, one payment, three lines", async () => {
    const fan = await fundedFan(100_000);
    const concert = await createConcertWithSeats({ seats: 4, price: 10_000 });
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1), await hold(fan, concert, 2)];
    await hold(fan, concert, 3); // keeps the token alive, so every racer reaches the payment
    const results = await Promise.all(Array.from({ length: 20 }, () => payMany(fan, ids)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error).toBe("reservation_already_paid");
    expect(await prisma.payment.count({ where: { userId: fan.id } })).toBe(1);
    expect(await prisma.paymentLine.count({ where: { reservationId: { in: ids } } })).toBe(3);
    expect(await prisma.ledgerEntry.count({ where: { userId: fan.id, kind: "PAYMENT" } })).toBe(1);
    expect(await balanceOf(fan.id)).toBe(70_000);
    await expectBalancesMatchLedger();
  });

  it("overlapping simultaneous payments ({a,b} against {b,c}): exactly one wins, nothing partial", async () => {
    for (let round = 0; round < 5; round++) {
      const fan = await fundedFan(100_000);
      const concert = await createConcertWithSeats({ seats: 4, price: 10_000 });
      const [a, b, c] = [await hold(fan, concert, 0), await hold(fan, concert, 1), await hold(fan, concert, 2)];
      await hold(fan, concert, 3);
      const [left, right] = await Promise.all([payMany(fan, [a!, b!]), payMany(fan, [b!, c!])]);
      expect([left.status, right.status].sort()).toEqual([200, 400]);
      const winner = left.status === 200 ? [a, b] : [b, c];
      const loser = left.status === 200 ? c : a;
      const statuses = await prisma.reservation.findMany({ where: { id: { in: [a!, b!, c!] } } });
      for (const r of statuses) expect(r.status).toBe(winner.includes(r.id) ? "CONFIRMED" : "PAYMENT_PENDING");
      expect(await prisma.paymentLine.count({ where: { reservationId: loser } })).toBe(0);
      expect(await balanceOf(fan.id)).toBe(80_000);
    }
    await expectBalancesMatchLedger();
  });

  it("replays a multi-seat payment with its Idempotency-Key after the payment ended the token", async () => {
    const fan = await fundedFan(100_000);
    const concert = await createConcertWithSeats({ seats: 2, price: 10_000 });
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1)];
    const key = { "idempotency-key": "multi-replay" };
    const first = await payMany(fan, ids, key);
    expect(first.status).toBe(200);
    const again = await payMany(fan, ids, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await payMany(fan, [...ids].reverse(), key)).status).toBe(401); // another body: the ended token's refusal
    expect(await balanceOf(fan.id)).toBe(80_000);
    void queueToken;
  });
});
