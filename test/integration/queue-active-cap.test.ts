import { afterEach, describe, expect, it } from "vitest";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as status from "@/app/api/queue/status/route";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { extendActiveToken } from "@/lib/queue/active-token-lifecycle";
import { activeFan, queueToken } from "../helpers/booking-fixtures";
import { createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";

// ONSALE.md, "Limits against abuse": an ACTIVE token lives at most QUEUE_ACTIVE_MAX_SECONDS (default 900) from
// admission. A hold ends at min(now + RESERVATION_HOLD_SECONDS, admission + cap) and never extends the token past
// the cap, so a fan cannot keep a slot by holding seat after seat without paying.
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  delete process.env.QUEUE_ACTIVE_MAX_SECONDS;
  resetConfigForTests();
});

const S = 1000;

async function fanAdmittedAt(admittedAt: Date, balance = 0) {
  const user = await createUser({ balance });
  const cookie = await sessionCookie(user.id);
  const token = await queueToken(user.id, { expiresAt: new Date(admittedAt.getTime() + 300 * S) });
  await prisma.queueToken.update({ where: { id: token.id }, data: { activatedAt: admittedAt } });
  return { id: user.id, tokenId: token.id, headers: { ...cookie, ...token.header } };
}

async function tokenExpiry(id: number): Promise<number> {
  return (await prisma.queueToken.findUniqueOrThrow({ where: { id } })).expiresAt.getTime();
}

describe("the ACTIVE hard cap (QUEUE_ACTIVE_MAX_SECONDS)", () => {
  it("holds taken one after another never push the token, or a hold, past admission + 900 s", async () => {
    const admitted = new Date(Date.now() - 60 * S);
    const t = (seconds: number) => new Date(admitted.getTime() + seconds * S);
    const fan = await fanAdmittedAt(admitted, 1_000_000);
    const concert = await createConcertWithSeats({ seats: 6, price: 10_000 });
    const seats = concert.schedules[0]!.seats;
    const hold = async (at: number, seat: number) => {
      clock.now = () => t(at);
      return call(reservations.POST, "POST", "/api/concerts/reservations", {
        headers: fan.headers,
        body: { userId: fan.id, concertId: concert.id, scheduleId: concert.schedules[0]!.id, seatId: seats[seat]!.id },
      });
    };

    const a = await hold(100, 0);
    expect(a.status).toBe(200);
    expect(new Date(a.body.expiresAt).getTime()).toBe(t(400).getTime());
    expect(await tokenExpiry(fan.tokenId)).toBe(t(400).getTime());

    const b = await hold(390, 1);
    expect(new Date(b.body.expiresAt).getTime()).toBe(t(690).getTime());

    // From here on a new hold would outlive the cap: it ends at admission + 900 s instead.
    const c = await hold(680, 2);
    expect(c.status).toBe(200);
    expect(new Date(c.body.expiresAt).getTime()).toBe(t(900).getTime());
    expect(await tokenExpiry(fan.tokenId)).toBe(t(900).getTime());

    const d = await hold(880, 3);
    expect(new Date(d.body.expiresAt).getTime()).toBe(t(900).getTime());
    expect(await tokenExpiry(fan.tokenId)).toBe(t(900).getTime());

    // What the page shows as the fan's can still be paid for until the cap...
    clock.now = () => t(899);
    const paid = await call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
      params: { userId: String(fan.id) },
      headers: fan.headers,
      body: { reservationId: d.body.reservationId },
    });
    expect(paid.status).toBe(200);

    // ...and at the cap the slot is gone: no more holds, the token reads EXPIRED, the remaining hold has lapsed.
    const late = await hold(900, 4);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: "token_expired" });
    clock.now = () => t(900);
    const polled = await call(status.GET, "GET", "/api/queue/status", { headers: fan.headers });
    expect(polled.body.status).toBe("EXPIRED");
    const cHold = await prisma.reservation.findUniqueOrThrow({ where: { id: c.body.reservationId } });
    expect(cHold.expiresAt.getTime()).toBe(t(900).getTime());
  });

  it("honours QUEUE_ACTIVE_MAX_SECONDS", async () => {
    process.env.QUEUE_ACTIVE_MAX_SECONDS = "400";
    resetConfigForTests();
    const admitted = new Date(Date.now() - 60 * S);
    const fan = await fanAdmittedAt(admitted);
    const concert = await createConcertWithSeats({ seats: 1 });
    clock.now = () => new Date(admitted.getTime() + 200 * S);
    const res = await call(reservations.POST, "POST", "/api/concerts/reservations", {
      headers: fan.headers,
      body: {
        userId: fan.id,
        concertId: concert.id,
        scheduleId: concert.schedules[0]!.id,
        seatId: concert.schedules[0]!.seats[0]!.id,
      },
    });
    expect(res.status).toBe(200);
    expect(new Date(res.body.expiresAt).getTime()).toBe(admitted.getTime() + 400 * S);
  });

  it("extendActiveToken never moves a token past the cap, whatever it is asked", async () => {
    const fan = await activeFan();
    const admitted = new Date(Date.now() - 10 * S);
    await prisma.queueToken.update({
      where: { id: fan.token.id },
      data: { activatedAt: admitted, expiresAt: new Date(admitted.getTime() + 300 * S) },
    });
    await prisma.$transaction((tx) =>
      extendActiveToken(tx, fan.token.id, new Date(admitted.getTime() + 5_000 * S), new Date()),
    );
    expect(await tokenExpiry(fan.token.id)).toBe(admitted.getTime() + 900 * S);
  });
});
