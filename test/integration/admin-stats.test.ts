import { afterEach, describe, expect, it } from "vitest";
import * as concertsRoute from "@/app/api/admin/concerts/route";
import * as roomRoute from "@/app/api/admin/concerts/[concertId]/room/route";
import * as concertStatsRoute from "@/app/api/admin/concerts/[concertId]/room/stats/route";
import * as salesRoute from "@/app/api/admin/concerts/[concertId]/sales.csv/route";
import * as generalStatsRoute from "@/app/api/admin/room/stats/route";
import * as reservationsRoute from "@/app/api/concerts/reservations/route";
import * as payRoute from "@/app/api/payment/concerts/users/[userId]/route";
import * as tokenRoute from "@/app/api/queue/token/users/[userId]/route";
import { roomStatsSchema } from "@/lib/admin/admin-schemas";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { fund, queueToken } from "../helpers/booking-fixtures";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { poll, setNow } from "../helpers/queue-fixtures";

// The organizer's live numbers (ONSALE.md, "Organizer API"): room stats driven by a real small sale (joins
// through endpoint 1, the draw and admissions through polls, holds and payments through endpoints 6-7), the
// per-minute samples under the injected clock, and the sales export.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

async function adminHeaders() {
  const user = await createUser({ role: "ADMIN" });
  return apiKeyHeader(user.id);
}

function concertStats(headers: Record<string, string>, concertId: number, query?: Record<string, string>) {
  return call(concertStatsRoute.GET, "GET", `/api/admin/concerts/${concertId}/room/stats`, {
    headers,
    query,
    params: { concertId: String(concertId) },
  });
}

async function createConcert(headers: Record<string, string>, start: Date, sections: unknown[]) {
  const res = await call(concertsRoute.POST, "POST", "/api/admin/concerts", {
    headers,
    body: {
      name: "Stats",
      schedules: [
        {
          concertAt: new Date(start.getTime() + 30 * DAY).toISOString(),
          reservationAt: new Date(start.getTime() - DAY).toISOString(),
          sections,
        },
      ],
    },
  });
  expect(res.status).toBe(201);
  return { concertId: res.body.concertId as number, scheduleId: res.body.schedules[0].scheduleId as number };
}

/** A fan who joins the concert's room through endpoint 1; `headers` carries identity and the queue token. */
async function joinRoom(concertId: number) {
  const user = await createUser();
  await fund(user.id, 100_000);
  const cookie = await sessionCookie(user.id);
  const res = await call(tokenRoute.POST, "POST", `/api/queue/token/users/${user.id}`, {
    params: { userId: String(user.id) },
    headers: cookie,
    body: { concertId },
  });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return {
    id: user.id,
    token: res.body.token as string,
    headers: { ...cookie, authorization: `Bearer ${res.body.token}` },
  };
}

function reserve(headers: Record<string, string>, body: unknown) {
  return call(reservationsRoute.POST, "POST", "/api/concerts/reservations", { headers, body });
}
function pay(headers: Record<string, string>, userId: number, reservationId: number) {
  return call(payRoute.POST, "POST", `/api/payment/concerts/users/${userId}`, {
    headers,
    body: { reservationId },
    params: { userId: String(userId) },
  });
}

describe("GET /api/admin/concerts/{concertId}/room/stats", () => {
  it("follows a sale: joins, the draw and admissions, holds and payments, with one sample a minute", async () => {
    const headers = await adminHeaders();
    const m0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
    const t = (seconds: number) => new Date(m0.getTime() + seconds * 1000);
    setNow(t(5));
    const { concertId, scheduleId } = await createConcert(headers, t(5), [{ name: "A", price: 10_000, seats: 10 }]);
    const room = await call(roomRoute.PUT, "PUT", "x", {
      headers,
      params: { concertId: String(concertId) },
      body: { prequeueOpensAt: t(10).toISOString(), salesStartAt: t(20).toISOString(), activeCapacity: 2 },
    });
    expect(room.status).toBe(200);

    const upcoming = await concertStats(headers, concertId);
    expect(upcoming.status).toBe(200);
    expect(roomStatsSchema.parse(upcoming.body)).toEqual(upcoming.body);
    expect(upcoming.body).toEqual({
      roomId: room.body.roomId,
      concertId,
      saleState: "UPCOMING",
      waiting: 0,
      active: 0,
      admittedTotal: 0,
      admitRatePerMinute: 0,
      etaToDrainSeconds: 0,
      heldSeats: 0,
      soldSeats: 0,
      availableSeats: 10,
      revenue: 0,
      samples: [{ at: m0.toISOString(), waiting: 0, active: 0, admitted: 0, sold: 0 }],
    });
    // A quiet room gets its sample from the stats request, once a minute however often it is asked.
    await concertStats(headers, concertId);
    expect(await prisma.queueRoomSample.count({ where: { roomId: room.body.roomId } })).toBe(1);

    // The pre-queue: three entrants.
    setNow(t(15));
    const fans = [await joinRoom(concertId), await joinRoom(concertId), await joinRoom(concertId)];
    const prequeue = (await concertStats(headers, concertId)).body;
    expect(prequeue).toMatchObject({ saleState: "PREQUEUE", waiting: 3, active: 0, etaToDrainSeconds: null });

    // The next minute: the first poll runs the draw and admits two (the room's capacity).
    setNow(t(65));
    for (const fan of fans) await poll(fan.token);
    const statuses = await Promise.all(fans.map(async (f) => (await poll(f.token)).body.status as string));
    expect(statuses.filter((s) => s === "ACTIVE")).toHaveLength(2);
    const onSale = (await concertStats(headers, concertId)).body;
    expect(onSale).toMatchObject({ saleState: "ON_SALE", waiting: 1, active: 2, admittedTotal: 2 });
    // Two admissions in the two-minute window: one a minute; the one left waiting is a minute away.
    expect(onSale.admitRatePerMinute).toBe(1);
    expect(onSale.etaToDrainSeconds).toBe(60);

    // The admitted two each hold a seat; one pays.
    setNow(t(70));
    const seats = await prisma.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } });
    const active = fans.filter((_, i) => statuses[i] === "ACTIVE");
    const holds = await Promise.all(
      active.map((f, i) => reserve(f.headers, { userId: f.id, concertId, scheduleId, seatId: seats[i]!.id })),
    );
    expect(holds.map((h) => h.status)).toEqual([200, 200]);
    expect((await pay(active[0]!.headers, active[0]!.id, holds[0]!.body.reservationId)).status).toBe(200);

    setNow(t(125));
    const later = await concertStats(headers, concertId);
    expect(later.body).toMatchObject({
      heldSeats: 1,
      soldSeats: 1,
      availableSeats: 8,
      revenue: 10_000,
      admittedTotal: 2,
    });
    expect(later.body.samples).toEqual([
      { at: m0.toISOString(), waiting: 0, active: 0, admitted: 0, sold: 0 },
      // Written by the admission tick of the polls at t+65s, after it admitted two.
      { at: t(60).toISOString(), waiting: 1, active: 2, admitted: 2, sold: 0 },
      // Written by this request: no tick ran this minute.
      { at: t(120).toISOString(), waiting: 1, active: 1, admitted: 2, sold: 1 },
    ]);
    const since = await concertStats(headers, concertId, { since: t(60).toISOString() });
    expect(since.body.samples.map((s: { at: string }) => s.at)).toEqual([t(60).toISOString(), t(120).toISOString()]);
    const week = await concertStats(headers, concertId, { since: new Date(t(0).getTime() - 8 * DAY).toISOString() });
    expect(week.body).toMatchObject({ code: 400, detail: "query.since: at most 7 days back" });
    expect((await concertStats(headers, concertId, { since: "yesterday" })).status).toBe(400);
    expect((await concertStats(headers, concertId, { until: t(0).toISOString() })).status).toBe(400);
    expect((await concertStats(headers, 2_000_000)).body).toMatchObject({ code: 404, error: "concert_not_found" });
  });

  it("shows the general room's line with the concert's own seats for a concert without a room", async () => {
    const headers = await adminHeaders();
    const mine = await createConcertWithSeats({ seats: 4, price: 7_000 });
    await createConcertWithSeats({ seats: 6 });
    const fan = await createUser();
    await fund(fan.id, 50_000);
    const fanHeaders = { ...(await sessionCookie(fan.id)), ...(await queueToken(fan.id)).header };
    const schedule = mine.schedules[0]!;
    const held = await reserve(fanHeaders, {
      userId: fan.id,
      concertId: mine.id,
      scheduleId: schedule.id,
      seatId: schedule.seats[0]!.id,
    });
    expect((await pay(fanHeaders, fan.id, held.body.reservationId)).status).toBe(200);

    const res = await concertStats(headers, mine.id);
    expect(res.body).toMatchObject({
      roomId: 1,
      concertId: mine.id,
      saleState: "ON_SALE",
      soldSeats: 1,
      availableSeats: 3,
      revenue: 7_000,
    });
    // The general room's own stats count every concert without a room of its own.
    const general = await call(generalStatsRoute.GET, "GET", "/api/admin/room/stats", { headers });
    expect(general.status).toBe(200);
    expect(roomStatsSchema.parse(general.body)).toEqual(general.body);
    expect(general.body).toMatchObject({ roomId: 1, concertId: null, soldSeats: 1, availableSeats: 9, revenue: 7_000 });
    expect(general.body.samples.at(-1)).toMatchObject({ sold: 1 });
    await prisma.queueRoom.update({ where: { id: 1 }, data: { paused: true } });
    expect((await call(generalStatsRoute.GET, "GET", "x", { headers })).body.saleState).toBe("PAUSED");
  });
});

describe("GET /api/admin/concerts/{concertId}/sales.csv", () => {
  it("has a header row and one row per confirmed reservation, with formulas neutralised", async () => {
    const headers = await adminHeaders();
    const now = new Date();
    const { concertId, scheduleId } = await createConcert(headers, now, [
      { name: '=HYPERLINK("http://evil.example")', price: 12_345, seats: 2 },
      { name: "일반석, 2층", price: 5_000, seats: 2 },
    ]);
    const seats = await prisma.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } });
    const buyer = await createUser({ email: "+cmd@example.test" });
    await fund(buyer.id, 100_000);
    const buyerHeaders = { ...(await sessionCookie(buyer.id)), ...(await queueToken(buyer.id)).header };
    const paid = [];
    for (const seat of [seats[0]!, seats[3]!]) {
      const held = await reserve(buyerHeaders, { userId: buyer.id, concertId, scheduleId, seatId: seat.id });
      expect((await pay(buyerHeaders, buyer.id, held.body.reservationId)).status).toBe(200);
      paid.push(held.body.reservationId as number);
      // Each payment ends the token; the fan lines up again for the next seat.
      Object.assign(buyerHeaders, (await queueToken(buyer.id)).header);
    }
    // A hold nobody paid for is no sale.
    const other = await createUser();
    const otherHeaders = { ...(await sessionCookie(other.id)), ...(await queueToken(other.id)).header };
    expect(
      (await reserve(otherHeaders, { userId: other.id, concertId, scheduleId, seatId: seats[1]!.id })).status,
    ).toBe(200);

    const res = await call(salesRoute.GET, "GET", `/api/admin/concerts/${concertId}/sales.csv`, {
      headers,
      params: { concertId: String(concertId) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="concert-${concertId}-sales-${day}.csv"`);
    // Response.text() drops the byte-order mark, as spreadsheet programs do; the bytes carry it.
    const raw = await salesRoute.GET(
      new Request(`http://localhost/api/admin/concerts/${concertId}/sales.csv`, { headers }),
      { params: Promise.resolve({ concertId: String(concertId) }) },
    );
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (res.body as string).split("\r\n");
    expect(lines).toHaveLength(4); // header, two sales, and the empty rest after the last CRLF
    expect(lines[0]).toBe(
      "reservation_id,booked_at,schedule_id,concert_at,seat_number,section,price_won,buyer_id,buyer_email",
    );
    expect(lines[3]).toBe("");
    const rows = await prisma.reservation.findMany({ where: { id: { in: paid } }, orderBy: { id: "asc" } });
    const schedule = await prisma.schedule.findUniqueOrThrow({ where: { id: scheduleId } });
    const common = `${scheduleId},${schedule.concertAt.toISOString()}`;
    expect(lines[1]).toBe(
      `${paid[0]},${rows[0]!.confirmedAt!.toISOString()},${common},1,"'=HYPERLINK(""http://evil.example"")",12345,${buyer.id},"'+cmd@example.test"`,
    );
    expect(lines[2]).toBe(
      `${paid[1]},${rows[1]!.confirmedAt!.toISOString()},${common},4,"일반석, 2층",5000,${buyer.id},"'+cmd@example.test"`,
    );
  });

  it("is a header row alone for a concert with no sales, and 404 for no concert", async () => {
    const headers = await adminHeaders();
    const quiet = await createConcertWithSeats({ seats: 2 });
    const res = await call(salesRoute.GET, "GET", "x", { headers, params: { concertId: String(quiet.id) } });
    expect(res.body).toBe(
      "reservation_id,booked_at,schedule_id,concert_at,seat_number,section,price_won,buyer_id,buyer_email\r\n",
    );
    const none = await call(salesRoute.GET, "GET", "x", { headers, params: { concertId: "2000000" } });
    expect(none.body).toMatchObject({ code: 404, error: "concert_not_found" });
  });
});
