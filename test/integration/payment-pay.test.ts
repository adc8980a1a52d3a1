import { afterEach, describe, expect, it } from "vitest";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as seatsRoute from "@/app/api/concerts/[concertId]/schedules/[scheduleId]/seats/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as mine from "@/app/api/me/reservations/route";
import { paymentSchema } from "@/lib/booking/booking-schemas";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { clock } from "@/lib/http/with-route";
import { activeFan, bookingState, fund, ledgerSum } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  delete process.env.MAX_HOLDS_PER_USER;
  resetConfigForTests();
});

type Fan = Awaited<ReturnType<typeof activeFan>>;
type Concert = Awaited<ReturnType<typeof createConcertWithSeats>>;

function reserve(fan: Fan, concert: Concert, index: number) {
  const schedule = concert.schedules[0]!;
  return call(reservations.POST, "POST", "/api/concerts/reservations", {
    headers: fan.headers,
    body: { userId: fan.id, concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[index]!.id },
  });
}
async function hold(fan: Fan, concert: Concert, index: number): Promise<{ reservationId: number; expiresAt: string }> {
  const res = await reserve(fan, concert, index);
  expect(res.status).toBe(200);
  return res.body;
}
function payFor(fan: Fan, reservationId: number, headers: Record<string, string> = {}) {
  return call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
    params: { userId: String(fan.id) },
    headers: { ...fan.headers, ...headers },
    body: { reservationId },
  });
}
const balanceOf = async (userId: number) => (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).balance;

describe("endpoint 7: pay for a reservation", () => {
  it("debits, records the payment and ledger row, confirms, sells the seat and ends the token in one go", async () => {
    const fan = await activeFan();
    await fund(fan.id, 25_000);
    const concert = await createConcertWithSeats({ seats: 2, price: 10_000 });
    const { reservationId } = await hold(fan, concert, 0);

    const res = await payFor(fan, reservationId);
    expect(res.status).toBe(200);
    expect(paymentSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ reservationId, amount: 10_000, paymentStatus: "COMPLETED", balanceAfter: 15_000 });

    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: res.body.paymentId } });
    expect(payment).toMatchObject({ reservationId, userId: fan.id, amount: 10_000, status: "COMPLETED" });
    const ledger = await prisma.ledgerEntry.findMany({ where: { userId: fan.id }, orderBy: { id: "asc" } });
    expect(ledger.map((l) => [l.kind, l.amount, l.balanceAfter, l.paymentId])).toEqual([
      ["CHARGE", 25_000, 25_000, null],
      ["PAYMENT", -10_000, 15_000, payment.id],
    ]);
    expect(await balanceOf(fan.id)).toBe(15_000);
    const reservation = await prisma.reservation.findUniqueOrThrow({ where: { id: reservationId } });
    expect(reservation.status).toBe("CONFIRMED");
    expect(reservation.confirmedAt).not.toBeNull();
    expect((await prisma.seat.findUniqueOrThrow({ where: { id: reservation.seatId } })).soldAt).not.toBeNull();
    const token = await prisma.queueToken.findUniqueOrThrow({ where: { id: fan.token.id } });
    expect(token.status).toBe("EXPIRED");
    expect(token.endedAt).not.toBeNull();

    // the token has ended: a repeat without an Idempotency-Key is refused per the contract
    const repeat = await payFor(fan, reservationId);
    expect(repeat.body).toEqual({ code: 401, message: "invalid token", error: "token_expired", detail: "expired" });
    expect(await balanceOf(fan.id)).toBe(15_000);
  });

  it("keeps the token ACTIVE while the fan still has another unpaid hold", async () => {
    const fan = await activeFan({ balance: 50_000 });
    const concert = await createConcertWithSeats({ seats: 2 });
    const first = await hold(fan, concert, 0);
    await hold(fan, concert, 1);
    expect((await payFor(fan, first.reservationId)).status).toBe(200);
    expect((await prisma.queueToken.findUniqueOrThrow({ where: { id: fan.token.id } })).status).toBe("ACTIVE");
  });

  it("charges once for 20 simultaneous payments of one reservation (the rest: already paid)", async () => {
    const fan = await activeFan();
    await fund(fan.id, 100_000);
    const concert = await createConcertWithSeats({ seats: 2, price: 10_000 });
    const { reservationId } = await hold(fan, concert, 0);
    await hold(fan, concert, 1); // a second hold keeps the token alive, so every repeat reaches the payment
    const results = await Promise.all(Array.from({ length: 20 }, () => payFor(fan, reservationId)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(19);
    for (const r of refused)
      expect(r.body).toEqual({ code: 400, message: "reservation already paid", error: "reservation_already_paid" });
    expect(await prisma.payment.count({ where: { reservationId } })).toBe(1);
    expect(await prisma.ledgerEntry.count({ where: { userId: fan.id, kind: "PAYMENT" } })).toBe(1);
    expect(await balanceOf(fan.id)).toBe(90_000);
    expect(await ledgerSum(fan.id)).toBe(90_000);
  });

  it("charges once for 20 simultaneous payments when the payment ends the token (already paid or 401)", async () => {
    const fan = await activeFan();
    await fund(fan.id, 100_000);
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const { reservationId } = await hold(fan, concert, 0);
    const results = await Promise.all(Array.from({ length: 20 }, () => payFor(fan, reservationId)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect([
        JSON.stringify({ code: 400, message: "reservation already paid", error: "reservation_already_paid" }),
        JSON.stringify({ code: 401, message: "invalid token", error: "token_expired", detail: "expired" }),
      ]).toContain(JSON.stringify(r.body));
    }
    expect(await prisma.payment.count({ where: { reservationId } })).toBe(1);
    expect(await balanceOf(fan.id)).toBe(90_000);
    expect(await ledgerSum(fan.id)).toBe(90_000);
  });

  it("charges once for 20 simultaneous payments sharing an Idempotency-Key, and replays it after the token ended", async () => {
    const fan = await activeFan();
    await fund(fan.id, 30_000);
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const { reservationId } = await hold(fan, concert, 0);
    const key = { "idempotency-key": `pay-${reservationId}` };
    const results = await Promise.all(Array.from({ length: 20 }, () => payFor(fan, reservationId, key)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.body).toMatchObject({ code: 409, message: "idempotency key in use", error: "idempotency_key_in_use" });
    }
    expect(await prisma.payment.count({ where: { reservationId } })).toBe(1);
    expect(await balanceOf(fan.id)).toBe(20_000);

    // the network dropped the answer; the client retries with its (now ended) token and the same key
    expect((await prisma.queueToken.findUniqueOrThrow({ where: { id: fan.token.id } })).status).toBe("EXPIRED");
    const retry = await payFor(fan, reservationId, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(ok[0]!.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    // the ended token admits true replays only: a new key, or the key with another body, is refused as expired
    const expired = { code: 401, message: "invalid token", error: "token_expired", detail: "expired" };
    expect((await payFor(fan, reservationId, { "idempotency-key": "fresh" })).body).toEqual(expired);
    expect((await payFor(fan, reservationId + 1, key)).body).toEqual(expired);
    expect(await balanceOf(fan.id)).toBe(20_000);
    expect(await ledgerSum(fan.id)).toBe(20_000);
  });

  it("balance 5,000 and five simultaneous payments of 2,000: exactly two succeed, 1,000 left", async () => {
    process.env.MAX_HOLDS_PER_USER = "5";
    resetConfigForTests();
    const fan = await activeFan();
    await fund(fan.id, 5_000);
    const concert = await createConcertWithSeats({ seats: 5, price: 2_000 });
    const holds: { reservationId: number; expiresAt: string }[] = [];
    for (let i = 0; i < 5; i++) holds.push(await hold(fan, concert, i));
    const results = await Promise.all(holds.map((h) => payFor(fan, h.reservationId)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    const short = results.filter((r) => r.status === 400);
    expect(short).toHaveLength(3);
    for (const r of short)
      expect(r.body).toMatchObject({ code: 400, message: "Insufficient balance", error: "insufficient_balance" });
    expect(await balanceOf(fan.id)).toBe(1_000);
    expect(await ledgerSum(fan.id)).toBe(1_000);
    expect(await prisma.payment.count({ where: { userId: fan.id } })).toBe(2);
    expect(await prisma.reservation.count({ where: { userId: fan.id, status: "CONFIRMED" } })).toBe(2);
    expect(await prisma.reservation.count({ where: { userId: fan.id, status: "PAYMENT_PENDING" } })).toBe(3);
    const sold = await prisma.seat.count({ where: { scheduleId: concert.schedules[0]!.id, soldAt: { not: null } } });
    expect(sold).toBe(2);
  });

  it("changes nothing when the balance is short", async () => {
    const fan = await activeFan();
    await fund(fan.id, 9_999);
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const { reservationId } = await hold(fan, concert, 0);
    const before = await bookingState();
    const res = await payFor(fan, reservationId);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, message: "Insufficient balance", error: "insufficient_balance" });
    expect(await bookingState()).toEqual(before);
  });

  it("after the hold lapses: seat AVAILABLE, reservation EXPIRED, payment refused with nothing charged, seat free for another fan", async () => {
    const [a, b] = [await activeFan(), await activeFan()];
    await fund(a.id, 50_000);
    const concert = await createConcertWithSeats({ seats: 1, price: 10_000 });
    const schedule = concert.schedules[0]!;
    const held = await hold(a, concert, 0);
    const expiresAt = new Date(held.expiresAt);

    clock.now = () => new Date(expiresAt.getTime() - 1);
    const seatBefore = await call(seatsRoute.GET, "GET", "/x", {
      params: { concertId: String(concert.id), scheduleId: String(schedule.id) },
      headers: a.token.header,
    });
    expect(seatBefore.body.seats[0].seatStatus).toBe("UNAVAILABLE");

    clock.now = () => expiresAt;
    const seatAfter = await call(seatsRoute.GET, "GET", "/x", {
      params: { concertId: String(concert.id), scheduleId: String(schedule.id) },
      headers: a.token.header,
    });
    expect(seatAfter.body.seats[0].seatStatus).toBe("AVAILABLE");
    const listed = await call(mine.GET, "GET", "/api/me/reservations", { headers: a.cookie });
    expect(listed.body.reservations[0]).toMatchObject({ reservationId: held.reservationId, status: "EXPIRED" });

    const before = await bookingState();
    const paid = await payFor(a, held.reservationId);
    expect(paid.status).toBe(400);
    expect(paid.body).toMatchObject({ code: 400, message: "reservation expired", error: "reservation_expired" });
    expect(await bookingState()).toEqual(before);

    const taken = await reserve(b, concert, 0);
    expect(taken.status).toBe(200);
    expect((await prisma.reservation.findUniqueOrThrow({ where: { id: held.reservationId } })).status).toBe("EXPIRED");
    expect((await payFor(a, held.reservationId)).body).toMatchObject({
      code: 400,
      message: "reservation expired",
      error: "reservation_expired",
    });
    expect(await balanceOf(a.id)).toBe(50_000);
  });

  it("a payment racing its hold's expiry and another fan's hold: paid or refused, never both", async () => {
    const pairs = 20;
    const price = 10_000;
    const owners: Fan[] = [];
    const rivals: Fan[] = [];
    for (let i = 0; i < pairs; i++) {
      const owner = await activeFan();
      owners.push(owner);
      rivals.push(await activeFan());
      await fund(owner.id, price);
    }
    const concert = await createConcertWithSeats({ seats: pairs, price });
    const t0 = new Date();
    clock.now = () => t0;
    const holds: { reservationId: number; expiresAt: string }[] = [];
    for (const [i, owner] of owners.entries()) holds.push(await hold(owner, concert, i));
    const expiry = new Date(holds[0]!.expiresAt).getTime();

    // Each handler reads the clock once, when it is called: payments run just before the expiry,
    // rival holds just after it. A hold makes one read more before it reaches the rows, so payments
    // start after a wider random delay: usually both orders occur (the log line shows the split).
    const startAt = <T>(at: number, jitterMs: number, start: () => Promise<T>) =>
      new Promise<T>((resolve, reject) =>
        setTimeout(() => {
          clock.now = () => new Date(at);
          start().then(resolve, reject);
        }, jitterMs),
      );
    const payments = holds.map((h, i) =>
      startAt(expiry - 1, Math.random() * 150, () => payFor(owners[i]!, h.reservationId)),
    );
    const rivalHolds = holds.map((_, i) => startAt(expiry, Math.random() * 3, () => reserve(rivals[i]!, concert, i)));
    const payResults = await Promise.all(payments);
    const rivalResults = await Promise.all(rivalHolds);

    // Every pair ends one way or the other, and what the responses say is what the database and ledger say.
    let paidCount = 0;
    for (let i = 0; i < pairs; i++) {
      const [owner, rival, paid, rivalHold] = [owners[i]!, rivals[i]!, payResults[i]!, rivalResults[i]!];
      const reservation = await prisma.reservation.findUniqueOrThrow({ where: { id: holds[i]!.reservationId } });
      const seat = await prisma.seat.findUniqueOrThrow({ where: { id: reservation.seatId } });
      const live = await prisma.reservation.findMany({
        where: { seatId: seat.id, status: { in: ["PAYMENT_PENDING", "CONFIRMED"] } },
      });
      const payments = await prisma.payment.findMany({ where: { reservationId: reservation.id } });
      const debits = await prisma.ledgerEntry.findMany({ where: { userId: owner.id, kind: "PAYMENT" } });
      const balance = await balanceOf(owner.id);
      const charged = payments.length > 0 || debits.length > 0 || balance !== price;
      const outcome = {
        charged,
        confirmed: reservation.status === "CONFIRMED",
        sold: seat.soldAt !== null,
        rivalHolds: live.some((r) => r.userId === rival.id),
      };
      expect(live).toHaveLength(1); // never both, never neither
      if (paid.status === 200) {
        paidCount++;
        expect(outcome).toEqual({ charged: true, confirmed: true, sold: true, rivalHolds: false });
        expect(paid.body).toMatchObject({ reservationId: reservation.id, amount: price, balanceAfter: 0 });
        expect(payments.map((p) => [p.id, p.amount])).toEqual([[paid.body.paymentId, price]]);
        expect(debits.map((d) => [d.paymentId, d.amount])).toEqual([[paid.body.paymentId, -price]]);
        expect(balance).toBe(0);
        expect(rivalHold.body).toEqual({
          code: 400,
          message: "reservation failed",
          error: "seat_unavailable",
          detail: "seat unavailable",
        });
        expect(live[0]!.id).toBe(reservation.id);
      } else {
        expect(paid.body).toMatchObject({ code: 400, message: "reservation expired", error: "reservation_expired" });
        expect(outcome).toEqual({ charged: false, confirmed: false, sold: false, rivalHolds: true });
        expect(reservation.status).toBe("EXPIRED");
        expect(balance).toBe(price);
        expect(rivalHold.status).toBe(200);
        expect(live[0]!.id).toBe(rivalHold.body.reservationId);
      }
      expect(await ledgerSum(owner.id)).toBe(balance);
    }

    // The split as the database and the ledger count it, for the owners and rivals of this race.
    const ownerIds = owners.map((f) => f.id);
    const rivalIds = rivals.map((f) => f.id);
    const reservationIds = holds.map((h) => h.reservationId);
    const totals = oneRow(
      await prisma.$queryRaw<
        {
          confirmed: number;
          payments: number;
          paidTotal: number;
          debited: number;
          balances: number;
          ledger: number;
          rivalHolds: number;
        }[]
      >`SELECT
          (SELECT count(*)::int FROM reservations WHERE id = ANY(${reservationIds}::int[]) AND status = 'CONFIRMED') AS confirmed,
          (SELECT count(*)::int FROM payments WHERE reservation_id = ANY(${reservationIds}::int[])) AS payments,
          (SELECT COALESCE(sum(amount), 0)::int FROM payments WHERE reservation_id = ANY(${reservationIds}::int[])) AS "paidTotal",
          (SELECT COALESCE(-sum(amount), 0)::int FROM wallet_ledger WHERE user_id = ANY(${ownerIds}::int[]) AND kind = 'PAYMENT') AS debited,
          (SELECT COALESCE(sum(balance), 0)::int FROM users WHERE id = ANY(${ownerIds}::int[])) AS balances,
          (SELECT COALESCE(sum(amount), 0)::int FROM wallet_ledger WHERE user_id = ANY(${ownerIds}::int[])) AS ledger,
          (SELECT count(*)::int FROM reservations WHERE user_id = ANY(${rivalIds}::int[])
            AND status IN ('PAYMENT_PENDING', 'CONFIRMED')) AS "rivalHolds"`,
    );
    expect(totals).toEqual({
      confirmed: paidCount,
      payments: paidCount,
      paidTotal: paidCount * price,
      debited: paidCount * price,
      balances: (pairs - paidCount) * price,
      ledger: (pairs - paidCount) * price,
      rivalHolds: pairs - paidCount,
    });
    expect(rivalResults.filter((r) => r.status === 200)).toHaveLength(pairs - paidCount);
    console.info(`expiry race: ${paidCount} paid first, ${pairs - paidCount} lost the seat to the rival`);
  });

  it("at expiry, whichever of payment and rival hold queues first on the reservation row wins; never both", async () => {
    const pairs = 8;
    const owners: Fan[] = [];
    const rivals: Fan[] = [];
    for (let i = 0; i < pairs; i++) {
      owners.push(await activeFan());
      rivals.push(await activeFan());
      await fund(owners[i]!.id, 10_000);
    }
    const concert = await createConcertWithSeats({ seats: pairs, price: 10_000 });
    const t0 = new Date();
    clock.now = () => t0;
    const holds: { reservationId: number; expiresAt: string }[] = [];
    for (let i = 0; i < pairs; i++) holds.push(await hold(owners[i]!, concert, i));
    const expiry = new Date(holds[0]!.expiresAt).getTime();
    const at = <T>(ms: number, start: () => Promise<T>) => {
      clock.now = () => new Date(ms);
      return start();
    };
    const startPay = (i: number) => at(expiry - 1, () => payFor(owners[i]!, holds[i]!.reservationId));
    const startRival = (i: number) => at(expiry, () => reserve(rivals[i]!, concert, i));
    const waiting = async (n: number) => {
      for (let tries = 0; tries < 500; tries++) {
        const { count } = oneRow(
          await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (count >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`never saw ${n} requests waiting on the reservation rows`);
    };

    // A test transaction locks every reservation row; the first group of requests queues behind it,
    // then the second group: payments first for the first half of the pairs, rival holds first for the rest.
    const ids = holds.map((h) => h.reservationId);
    const half = pairs / 2;
    const pays: Promise<Awaited<ReturnType<typeof payFor>>>[] = [];
    const rivalsDone: Promise<Awaited<ReturnType<typeof reserve>>>[] = [];
    await prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM reservations WHERE id = ANY(${ids}::int[]) FOR UPDATE`;
        for (let i = 0; i < pairs; i++) (i < half ? pays : rivalsDone)[i] = i < half ? startPay(i) : startRival(i);
        await waiting(pairs);
        for (let i = 0; i < pairs; i++) (i < half ? rivalsDone : pays)[i] = i < half ? startRival(i) : startPay(i);
        await waiting(2 * pairs);
      },
      { timeout: 30_000 },
    );
    const payResults = await Promise.all(pays);
    const rivalResults = await Promise.all(rivalsDone);
    for (let i = 0; i < pairs; i++) {
      const reservation = await prisma.reservation.findUniqueOrThrow({ where: { id: ids[i] } });
      const seat = await prisma.seat.findUniqueOrThrow({ where: { id: reservation.seatId } });
      if (i < half) {
        expect(payResults[i]!.status).toBe(200);
        expect(rivalResults[i]!.body).toEqual({
          code: 400,
          message: "reservation failed",
          error: "seat_unavailable",
          detail: "seat unavailable",
        });
        expect(reservation.status).toBe("CONFIRMED");
        expect(seat.soldAt).not.toBeNull();
        expect(await balanceOf(owners[i]!.id)).toBe(0);
      } else {
        expect(payResults[i]!.body).toMatchObject({
          code: 400,
          message: "reservation expired",
          error: "reservation_expired",
        });
        expect(rivalResults[i]!.status).toBe(200);
        expect(reservation.status).toBe("EXPIRED");
        expect(seat.soldAt).toBeNull();
        expect(await balanceOf(owners[i]!.id)).toBe(10_000);
        expect(await prisma.payment.count({ where: { reservationId: reservation.id } })).toBe(0);
      }
      expect(
        await prisma.reservation.count({
          where: { seatId: seat.id, status: { in: ["PAYMENT_PENDING", "CONFIRMED"] } },
        }),
      ).toBe(1);
      expect(await ledgerSum(owners[i]!.id)).toBe(await balanceOf(owners[i]!.id));
    }
  });

  it("pays up to the last millisecond of the hold and refuses from its expiry on", async () => {
    const fan = await activeFan({ balance: 100_000 });
    const concert = await createConcertWithSeats({ seats: 2 });
    const a = await hold(fan, concert, 0);
    const b = await hold(fan, concert, 1);
    clock.now = () => new Date(new Date(a.expiresAt).getTime() - 1);
    expect((await payFor(fan, a.reservationId)).status).toBe(200);
    clock.now = () => new Date(b.expiresAt);
    expect((await payFor(fan, b.reservationId)).body).toMatchObject({
      code: 400,
      message: "reservation expired",
      error: "reservation_expired",
    });
  });

  it("404s an unknown reservation", async () => {
    const fan = await activeFan({ balance: 100_000 });
    expect((await payFor(fan, 2_000_000_000)).body).toEqual({
      code: 404,
      message: "reservation not found",
      error: "reservation_not_found",
    });
  });
});
