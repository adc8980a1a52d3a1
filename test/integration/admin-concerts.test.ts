import { afterEach, describe, expect, it } from "vitest";
import * as concertsRoute from "@/app/api/admin/concerts/route";
import * as concertRoute from "@/app/api/admin/concerts/[concertId]/route";
import * as roomRoute from "@/app/api/admin/concerts/[concertId]/room/route";
import * as schedulesRoute from "@/app/api/admin/concerts/[concertId]/schedules/route";
import * as sectionsRoute from "@/app/api/admin/concerts/[concertId]/schedules/[scheduleId]/sections/route";
import * as reservationsRoute from "@/app/api/concerts/reservations/route";
import * as payRoute from "@/app/api/payment/concerts/users/[userId]/route";
import { adminConcertListSchema, adminConcertSchema, adminScheduleSchema } from "@/lib/admin/admin-schemas";
import { prisma } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { clock } from "@/lib/http/with-route";
import { activeFan, activeFans, fund } from "../helpers/booking-fixtures";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call } from "../helpers/http";
import { waitUntilBlockedOnLock } from "../helpers/queue-fixtures";

// The organizer's concerts, schedules and seat layouts (ONSALE.md, "Organizer API"): what they create, that
// bad input creates nothing, and that a layout cannot be replaced under a hold, however the two interleave.

const DAY = 24 * 3600 * 1000;
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

type Schedule = {
  concertAt: string;
  reservationAt: string;
  sections: { name: string; price: number; seats: number }[];
};
const schedule = (
  sections = [
    { name: "VIP", price: 100_000, seats: 2 },
    { name: "R", price: 50_000, seats: 3 },
  ],
): Schedule => ({
  concertAt: at(30),
  reservationAt: at(-1),
  sections,
});

async function adminHeaders() {
  const user = await createUser({ role: "ADMIN" });
  return apiKeyHeader(user.id);
}

function createConcert(headers: Record<string, string>, body: unknown) {
  return call(concertsRoute.POST, "POST", "/api/admin/concerts", { headers, body });
}
function getConcert(headers: Record<string, string>, concertId: number) {
  return call(concertRoute.GET, "GET", `/api/admin/concerts/${concertId}`, {
    headers,
    params: { concertId: String(concertId) },
  });
}
function patchConcert(headers: Record<string, string>, concertId: number, body: unknown) {
  return call(concertRoute.PATCH, "PATCH", `/api/admin/concerts/${concertId}`, {
    headers,
    body,
    params: { concertId: String(concertId) },
  });
}
function addSchedule(headers: Record<string, string>, concertId: number, body: unknown) {
  return call(schedulesRoute.POST, "POST", `/api/admin/concerts/${concertId}/schedules`, {
    headers,
    body,
    params: { concertId: String(concertId) },
  });
}
function replaceSections(headers: Record<string, string>, concertId: number, scheduleId: number, body: unknown) {
  return call(sectionsRoute.PUT, "PUT", `/api/admin/concerts/${concertId}/schedules/${scheduleId}/sections`, {
    headers,
    body,
    params: { concertId: String(concertId), scheduleId: String(scheduleId) },
  });
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

/** Every row an organizer write can create or change, to show that a refused request changed nothing. */
async function snapshot() {
  const [concerts, schedules, sections, seats, audit, rooms] = await Promise.all([
    prisma.concert.findMany({ orderBy: { id: "asc" } }),
    prisma.schedule.findMany({ orderBy: { id: "asc" } }),
    prisma.seatSection.findMany({ orderBy: { id: "asc" } }),
    prisma.seat.findMany({
      orderBy: { id: "asc" },
      select: { id: true, seatNumber: true, price: true, sectionId: true },
    }),
    prisma.auditEntry.count(),
    prisma.queueRoom.findMany({ orderBy: { id: "asc" }, omit: { drawSeed: true } }),
  ]);
  return { concerts, schedules, sections, seats, audit, rooms };
}

describe("POST /api/admin/concerts", () => {
  it("creates the concert, its schedules, sections and seats numbered 1..N at their section's price", async () => {
    const headers = await adminHeaders();
    const res = await createConcert(headers, {
      name: "  Spring Tour  ",
      artist: "Band",
      description: "Line one\nline two",
      schedules: [schedule(), schedule([{ name: "Floor", price: 70_000, seats: 4 }])],
    });
    expect(res.status).toBe(201);
    const { concertId, schedules } = res.body;
    expect(res.body).toEqual({
      concertId: expect.any(Number),
      schedules: [
        { scheduleId: expect.any(Number), seats: 5 },
        { scheduleId: expect.any(Number), seats: 4 },
      ],
    });
    const concert = await prisma.concert.findUniqueOrThrow({ where: { id: concertId } });
    expect(concert).toMatchObject({
      name: "Spring Tour",
      artist: "Band",
      venue: "",
      description: "Line one\nline two",
    });
    const seats = await prisma.seat.findMany({
      where: { scheduleId: schedules[0].scheduleId },
      orderBy: { seatNumber: "asc" },
      include: { section: true },
    });
    expect(seats.map((s) => [s.seatNumber, s.price, s.section?.name])).toEqual([
      [1, 100_000, "VIP"],
      [2, 100_000, "VIP"],
      [3, 50_000, "R"],
      [4, 50_000, "R"],
      [5, 50_000, "R"],
    ]);
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { target: `concert:${concertId}` } });
    expect(entry).toMatchObject({ action: "concert.create", before: null });
    expect(entry.after).toMatchObject({ name: "Spring Tour", schedules: [{ seats: 5 }, { seats: 4 }] });
  });

  it("creates a schedule of exactly 2,000 seats", async () => {
    const res = await createConcert(await adminHeaders(), {
      name: "Big",
      schedules: [
        schedule([
          { name: "A", price: 1, seats: 1_500 },
          { name: "B", price: 2, seats: 500 },
        ]),
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.schedules[0].seats).toBe(2_000);
    expect(await prisma.seat.count({ where: { scheduleId: res.body.schedules[0].scheduleId } })).toBe(2_000);
  });

  const valid = { name: "Valid", schedules: [schedule()] };
  const withSchedule = (change: Partial<Schedule> | Record<string, unknown>) => ({
    ...valid,
    schedules: [schedule(), { ...schedule(), ...change }],
  });
  const badBodies: [string, unknown, RegExp][] = [
    ["empty sections", withSchedule({ sections: [] }), /^body\.schedules\.1\.sections: /],
    [
      "price 0",
      withSchedule({ sections: [{ name: "A", price: 0, seats: 1 }] }),
      /^body\.schedules\.1\.sections\.0\.price: /,
    ],
    ["negative price", withSchedule({ sections: [{ name: "A", price: -5, seats: 1 }] }), /sections\.0\.price: /],
    ["fractional price", withSchedule({ sections: [{ name: "A", price: 1.5, seats: 1 }] }), /sections\.0\.price: /],
    ["price as text", withSchedule({ sections: [{ name: "A", price: "100", seats: 1 }] }), /sections\.0\.price: /],
    ["price over the cap", withSchedule({ sections: [{ name: "A", price: 10_000_001, seats: 1 }] }), /\.price: /],
    ["fractional seats", withSchedule({ sections: [{ name: "A", price: 1, seats: 2.5 }] }), /sections\.0\.seats: /],
    ["no seats", withSchedule({ sections: [{ name: "A", price: 1, seats: 0 }] }), /sections\.0\.seats: /],
    [
      "2,001 seats over two sections",
      withSchedule({
        sections: [
          { name: "A", price: 1, seats: 1_500 },
          { name: "B", price: 1, seats: 501 },
        ],
      }),
      /^body\.schedules\.1\.sections: at most 2,000 seats per schedule \(got 2001\)/,
    ],
    ["2,001 seats in one section", withSchedule({ sections: [{ name: "A", price: 1, seats: 2_001 }] }), /\.seats: /],
    ["reservationAt after concertAt", withSchedule({ reservationAt: at(31) }), /^body\.schedules\.1\.reservationAt: /],
    ["the year 0", withSchedule({ reservationAt: "0000-01-01T00:00:00Z" }), /^body\.schedules\.1\.reservationAt: /],
    ["a date without a zone", withSchedule({ concertAt: "2030-01-01T10:00:00" }), /^body\.schedules\.1\.concertAt: /],
    [
      "a show in the past",
      withSchedule({ concertAt: at(-2), reservationAt: at(-3) }),
      /^body\.schedules\.1\.concertAt: must be in the future/,
    ],
    [
      "a section named twice",
      withSchedule({
        sections: [
          { name: "A", price: 1, seats: 1 },
          { name: "A", price: 2, seats: 1 },
        ],
      }),
      /^body\.schedules\.1\.sections\.1\.name: /,
    ],
    ["an unknown field", { ...valid, color: "red" }, /^body: .*color/],
    ["an unknown schedule field", withSchedule({ hall: 1 }), /^body\.schedules\.1: .*hall/],
    [
      "an unknown section field",
      withSchedule({ sections: [{ name: "A", price: 1, seats: 1, row: "x" }] }),
      /sections\.0: .*row/,
    ],
    ["no name", { schedules: valid.schedules }, /^body\.name: /],
    ["a blank name", { ...valid, name: "   " }, /^body\.name: /],
    ["a name of 101 characters", { ...valid, name: "n".repeat(101) }, /^body\.name: /],
    ["a NUL in the name", { ...valid, name: "a\u0000b" }, /^body\.name: /],
    ["a control character in the artist", { ...valid, artist: "a\u001bb" }, /^body\.artist: /],
    ["a NUL in the description", { ...valid, description: "a\u0000b" }, /^body\.description: /],
    ["a section name with a NUL", withSchedule({ sections: [{ name: "\u0000", price: 1, seats: 1 }] }), /\.name: /],
    ["a venue of 101 characters", { ...valid, venue: "v".repeat(101) }, /^body\.venue: /],
    ["schedules not a list", { ...valid, schedules: {} }, /^body\.schedules: /],
    ["21 schedules", { ...valid, schedules: Array.from({ length: 21 }, () => schedule()) }, /^body\.schedules: /],
  ];

  it.each(badBodies)("refuses %s with a 400 naming the field, and creates nothing", async (_case, body, detail) => {
    const headers = await adminHeaders();
    const before = await snapshot();
    const res = await createConcert(headers, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, error: "bad_request" });
    expect(res.body.detail).toMatch(detail);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses malformed JSON and a non-JSON body, and creates nothing", async () => {
    const headers = await adminHeaders();
    const before = await snapshot();
    const malformed = await call(concertsRoute.POST, "POST", "/api/admin/concerts", {
      headers: { ...headers, "content-type": "application/json" },
      rawBody: '{"name": "x", "schedules": [',
    });
    expect(malformed.body).toMatchObject({ code: 400, error: "malformed_json" });
    const text = await call(concertsRoute.POST, "POST", "/api/admin/concerts", {
      headers: { ...headers, "content-type": "text/plain" },
      rawBody: "name=x",
    });
    expect(text.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });
});

describe("GET, PATCH /api/admin/concerts/{concertId}", () => {
  it("shows schedules, sections, seat counts by state and the room", async () => {
    const headers = await adminHeaders();
    const created = await createConcert(headers, { name: "Counted", venue: "Hall", schedules: [schedule()] });
    const { concertId } = created.body;
    const scheduleId = created.body.schedules[0].scheduleId as number;
    const seats = await prisma.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } });
    const fan = await activeFan();
    await fund(fan.id, 200_000);
    const held = await reserve(fan.headers, { userId: fan.id, concertId, scheduleId, seatId: seats[0]!.id });
    const sold = await reserve(fan.headers, { userId: fan.id, concertId, scheduleId, seatId: seats[2]!.id });
    expect((await pay(fan.headers, fan.id, sold.body.reservationId)).status).toBe(200);
    expect(held.status).toBe(200);

    const res = await getConcert(headers, concertId);
    expect(res.status).toBe(200);
    expect(adminConcertSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ concertId, name: "Counted", venue: "Hall", artist: "", room: null });
    expect(res.body.schedules).toEqual([
      {
        scheduleId,
        concertId,
        concertAt: expect.any(String),
        reservationAt: expect.any(String),
        sections: [
          { position: 1, name: "VIP", price: 100_000, seats: 2, firstSeat: 1, lastSeat: 2 },
          { position: 2, name: "R", price: 50_000, seats: 3, firstSeat: 3, lastSeat: 5 },
        ],
        seats: { total: 5, available: 3, held: 1, sold: 1 },
        layoutLocked: true,
      },
    ]);

    // A lapsed hold reads as available at once.
    clock.now = () => new Date(Date.now() + 301_000);
    expect((await getConcert(headers, concertId)).body.schedules[0].seats).toEqual({
      total: 5,
      available: 4,
      held: 0,
      sold: 1,
    });
    clock.now = realNow;

    const room = await call(roomRoute.PUT, "PUT", "x", {
      headers,
      params: { concertId: String(concertId) },
      body: { prequeueOpensAt: at(1), salesStartAt: at(2) },
    });
    expect(room.status).toBe(200);
    expect((await getConcert(headers, concertId)).body.room).toEqual(room.body);
    expect((await getConcert(headers, 2_000_000)).body).toMatchObject({ code: 404, error: "concert_not_found" });
  });

  it("changes only the fields given, with before and after in the audit log", async () => {
    const headers = await adminHeaders();
    const { concertId } = (await createConcert(headers, { name: "Old", artist: "A", venue: "V", schedules: [] })).body;
    const res = await patchConcert(headers, concertId, { name: "New", description: "Now with\ttabs" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "New", artist: "A", venue: "V", description: "Now with\ttabs" });
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "concert.update" },
      orderBy: { id: "desc" },
    });
    expect(entry).toMatchObject({
      target: `concert:${concertId}`,
      before: { name: "Old", artist: "A", venue: "V", description: "" },
      after: { name: "New", artist: "A", venue: "V", description: "Now with\ttabs" },
    });
    expect((await patchConcert(headers, 2_000_000, { name: "x" })).status).toBe(404);
  });

  it.each([
    ["no field", {}, /^body: give at least one/],
    ["an empty name", { name: "" }, /^body\.name: /],
    ["an unknown field", { name: "x", date: "today" }, /^body: .*date/],
    ["a NUL", { description: "\u0000" }, /^body\.description: /],
    ["a long name", { name: "n".repeat(101) }, /^body\.name: /],
    ["a number for a name", { name: 5 }, /^body\.name: /],
  ])("PATCH refuses %s and changes nothing", async (_case, body, detail) => {
    const headers = await adminHeaders();
    const { concertId } = (await createConcert(headers, { name: "Same", schedules: [] })).body;
    const before = await snapshot();
    const res = await patchConcert(headers, concertId, body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(detail);
    expect(await snapshot()).toEqual(before);
  });
});

describe("POST /api/admin/concerts/{concertId}/schedules", () => {
  it("adds a schedule with its layout", async () => {
    const headers = await adminHeaders();
    const { concertId } = (await createConcert(headers, { name: "Growing", schedules: [] })).body;
    const res = await addSchedule(headers, concertId, schedule([{ name: "GA", price: 33_000, seats: 7 }]));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ scheduleId: expect.any(Number), seats: 7 });
    const one = (await getConcert(headers, concertId)).body.schedules[0];
    expect(one).toMatchObject({ scheduleId: res.body.scheduleId, seats: { total: 7, available: 7 } });
    expect(await prisma.auditEntry.count({ where: { target: `schedule:${res.body.scheduleId}` } })).toBe(1);
    expect((await addSchedule(headers, 2_000_000, schedule())).body).toMatchObject({ error: "concert_not_found" });
  });

  it("keeps a dedicated room's rule: booking opens no later than the sale starts", async () => {
    const headers = await adminHeaders();
    const { concertId } = (await createConcert(headers, { name: "Roomed", schedules: [] })).body;
    await call(roomRoute.PUT, "PUT", "x", {
      headers,
      params: { concertId: String(concertId) },
      body: { prequeueOpensAt: at(1), salesStartAt: at(2) },
    });
    const before = await snapshot();
    const late = await addSchedule(headers, concertId, { ...schedule(), reservationAt: at(3) });
    expect(late.status).toBe(400);
    expect(late.body.detail).toMatch(/^body\.reservationAt: after the room's salesStartAt/);
    expect(await snapshot()).toEqual(before);
    expect((await addSchedule(headers, concertId, { ...schedule(), reservationAt: at(1.5) })).status).toBe(201);
  });

  it.each([
    ["empty sections", { ...schedule(), sections: [] }, /^body\.sections: /],
    ["reservationAt after concertAt", { ...schedule(), reservationAt: at(40) }, /^body\.reservationAt: /],
    ["a show in the past", { ...schedule(), concertAt: at(-1), reservationAt: at(-2) }, /^body\.concertAt: /],
    ["an unknown field", { ...schedule(), seats: 5 }, /^body: .*seats/],
    [
      "too many seats",
      { ...schedule(), sections: [{ name: "A", price: 5, seats: 2_001 }] },
      /^body\.sections\.0\.seats: /,
    ],
  ])("refuses %s and creates nothing", async (_case, body, detail) => {
    const headers = await adminHeaders();
    const { concertId } = (await createConcert(headers, { name: "Unchanged", schedules: [] })).body;
    const before = await snapshot();
    const res = await addSchedule(headers, concertId, body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(detail);
    expect(await snapshot()).toEqual(before);
  });
});

describe("GET /api/admin/concerts", () => {
  it("lists concerts newest first with sale state, seats sold/total and revenue, a page at a time", async () => {
    const headers = await adminHeaders();
    const plain = (await createConcert(headers, { name: "Plain", schedules: [schedule()] })).body;
    const roomed = (await createConcert(headers, { name: "Roomed", schedules: [schedule()] })).body;
    await call(roomRoute.PUT, "PUT", "x", {
      headers,
      params: { concertId: String(roomed.concertId) },
      body: { prequeueOpensAt: at(1), salesStartAt: at(2) },
    });
    const fan = await activeFan();
    await fund(fan.id, 200_000);
    const scheduleId = plain.schedules[0].scheduleId as number;
    const seat = await prisma.seat.findFirstOrThrow({ where: { scheduleId, seatNumber: 1 } });
    const held = await reserve(fan.headers, {
      userId: fan.id,
      concertId: plain.concertId,
      scheduleId,
      seatId: seat.id,
    });
    await pay(fan.headers, fan.id, held.body.reservationId);

    const res = await call(concertsRoute.GET, "GET", "/api/admin/concerts", { headers, query: { limit: "2" } });
    expect(res.status).toBe(200);
    expect(adminConcertListSchema.parse(res.body)).toEqual(res.body);
    expect(res.body.concerts.map((c: { concertId: number }) => c.concertId)).toEqual([
      roomed.concertId,
      plain.concertId,
    ]);
    expect(res.body.concerts[1]).toMatchObject({
      name: "Plain",
      schedules: 1,
      roomId: null,
      saleState: "ON_SALE",
      seats: { total: 5, sold: 1, held: 0, available: 4 },
      revenue: 100_000,
    });
    expect(res.body.concerts[0]).toMatchObject({ roomId: expect.any(Number), saleState: "UPCOMING", revenue: 0 });
    const next = await call(concertsRoute.GET, "GET", "x", {
      headers,
      query: { limit: "2", before: String(res.body.nextBefore) },
    });
    expect(next.body.concerts.every((c: { concertId: number }) => c.concertId < plain.concertId)).toBe(true);
    const queries: Record<string, string>[] = [{ limit: "0" }, { limit: "201" }, { before: "x" }, { sort: "name" }];
    for (const query of queries) {
      expect((await call(concertsRoute.GET, "GET", "x", { headers, query })).status).toBe(400);
    }
  });
});

describe("PUT /api/admin/concerts/{concertId}/schedules/{scheduleId}/sections", () => {
  it("replaces the layout of a schedule nobody has booked from, with the audit entry", async () => {
    const headers = await adminHeaders();
    const created = (await createConcert(headers, { name: "Relaid", schedules: [schedule()] })).body;
    const scheduleId = created.schedules[0].scheduleId as number;
    const oldSeatIds = (await prisma.seat.findMany({ where: { scheduleId } })).map((s) => s.id);
    const res = await replaceSections(headers, created.concertId, scheduleId, {
      sections: [
        { name: "Floor", price: 80_000, seats: 3 },
        { name: "Balcony", price: 40_000, seats: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(adminScheduleSchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({
      scheduleId,
      sections: [
        { position: 1, name: "Floor", price: 80_000, seats: 3, firstSeat: 1, lastSeat: 3 },
        { position: 2, name: "Balcony", price: 40_000, seats: 1, firstSeat: 4, lastSeat: 4 },
      ],
      seats: { total: 4, available: 4, held: 0, sold: 0 },
      layoutLocked: false,
    });
    const seats = await prisma.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } });
    expect(seats.map((s) => [s.seatNumber, s.price])).toEqual([
      [1, 80_000],
      [2, 80_000],
      [3, 80_000],
      [4, 40_000],
    ]);
    expect(seats.some((s) => oldSeatIds.includes(s.id))).toBe(false);
    expect(await prisma.seatSection.count({ where: { scheduleId } })).toBe(2);
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "schedule.layout" },
      orderBy: { id: "desc" },
    });
    expect(entry.target).toBe(`schedule:${scheduleId}`);
  });

  it("answers 404 for an unknown concert or a schedule of another concert", async () => {
    const headers = await adminHeaders();
    const a = (await createConcert(headers, { name: "A", schedules: [schedule()] })).body;
    const b = (await createConcert(headers, { name: "B", schedules: [schedule()] })).body;
    const body = { sections: [{ name: "X", price: 1, seats: 1 }] };
    const other = await replaceSections(headers, a.concertId, b.schedules[0].scheduleId, body);
    expect(other.body).toMatchObject({ code: 404, error: "schedule_not_found" });
    const none = await replaceSections(headers, 2_000_000, b.schedules[0].scheduleId, body);
    expect(none.body).toMatchObject({ code: 404, error: "concert_not_found" });
  });

  it.each([
    ["empty sections", { sections: [] }, /^body\.sections: /],
    ["no sections", {}, /^body\.sections: /],
    ["a price of 0", { sections: [{ name: "A", price: 0, seats: 1 }] }, /^body\.sections\.0\.price: /],
    [
      "2,001 seats",
      {
        sections: [
          { name: "A", price: 1, seats: 2_000 },
          { name: "B", price: 1, seats: 1 },
        ],
      },
      /^body\.sections: at most/,
    ],
    ["an unknown field", { sections: [{ name: "A", price: 1, seats: 1 }], keep: true }, /^body: .*keep/],
  ])("refuses %s and changes nothing", async (_case, body, detail) => {
    const headers = await adminHeaders();
    const created = (await createConcert(headers, { name: "Kept", schedules: [schedule()] })).body;
    const before = await snapshot();
    const res = await replaceSections(headers, created.concertId, created.schedules[0].scheduleId, body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(detail);
    expect(await snapshot()).toEqual(before);
  });

  it("is locked once a seat is held, sold, or was ever held (a lapsed hold keeps its reservation)", async () => {
    const headers = await adminHeaders();
    const fan = await activeFan();
    await fund(fan.id, 500_000);
    const body = { sections: [{ name: "New", price: 1_000, seats: 9 }] };
    for (const outcome of ["held", "sold", "lapsed"] as const) {
      const created = (await createConcert(headers, { name: `Locked ${outcome}`, schedules: [schedule()] })).body;
      const scheduleId = created.schedules[0].scheduleId as number;
      const seat = await prisma.seat.findFirstOrThrow({ where: { scheduleId, seatNumber: 4 } });
      const hold = await reserve(fan.headers, {
        userId: fan.id,
        concertId: created.concertId,
        scheduleId,
        seatId: seat.id,
      });
      expect(hold.status).toBe(200);
      if (outcome === "sold") expect((await pay(fan.headers, fan.id, hold.body.reservationId)).status).toBe(200);
      if (outcome === "lapsed") clock.now = () => new Date(Date.now() + 3_600_000);
      const before = await snapshot();
      const res = await replaceSections(headers, created.concertId, scheduleId, body);
      clock.now = realNow;
      expect(res.status, outcome).toBe(409);
      expect(res.body).toMatchObject({ code: 409, message: "layout locked", error: "layout_locked" });
      expect(res.body.detail).toMatch(outcome === "lapsed" ? /0 seats held, 0 sold, 1 reservations/ : /1 reservations/);
      expect(await snapshot()).toEqual(before);
      expect((await getConcert(headers, created.concertId)).body.schedules[0].layoutLocked).toBe(true);
    }
  });

  it("never loses a hold that races the replacement (holds through the real endpoint)", async () => {
    const headers = await adminHeaders();
    const tally = { replaced: 0, locked: 0 };
    for (let round = 0; round < 12; round++) {
      const created = (
        await createConcert(headers, {
          name: `Race ${round}`,
          schedules: [schedule([{ name: "A", price: 1_000, seats: 6 }])],
        })
      ).body;
      const scheduleId = created.schedules[0].scheduleId as number;
      const seats = await prisma.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } });
      const fans = await activeFans(6);
      const holds = fans.map((f, i) =>
        reserve(f.headers, { userId: f.id, concertId: created.concertId, scheduleId, seatId: seats[i]!.id }),
      );
      const replace = replaceSections(headers, created.concertId, scheduleId, {
        sections: [{ name: "B", price: 2_000, seats: 4 }],
      });
      // Alternate who starts first, so both interleavings come up.
      const [put, ...results] =
        round % 2 === 0
          ? await Promise.all([replace, ...holds])
          : [...(await Promise.all([...holds, replace]))].reverse();
      const won = results.filter((r) => r.status === 200);
      for (const r of results.filter((x) => x.status !== 200)) {
        expect([400, 404], JSON.stringify(r.body)).toContain(r.status);
        expect(["seat_unavailable", "seat_not_found"]).toContain(r.body.error);
      }
      const layout = await prisma.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } });
      if (put!.status === 200) {
        tally.replaced++;
        expect(won).toHaveLength(0);
        expect(layout.map((s) => s.price)).toEqual([2_000, 2_000, 2_000, 2_000]);
      } else {
        tally.locked++;
        expect(put!.body.error, JSON.stringify(put!.body)).toBe("layout_locked");
        expect(won.length).toBeGreaterThan(0);
        expect(layout.map((s) => s.id)).toEqual(seats.map((s) => s.id));
      }
      // Every hold the fans were told about is in the database, on a seat that still exists.
      for (const w of won) {
        const reservation = await prisma.reservation.findUnique({
          where: { id: w.body.reservationId },
          include: { seat: true },
        });
        expect(reservation?.seat.scheduleId).toBe(scheduleId);
      }
    }
    expect(tally.replaced + tally.locked).toBe(12);
  });

  it("waits for a hold in flight and then refuses, rather than deleting the held seat", async () => {
    const headers = await adminHeaders();
    const created = (await createConcert(headers, { name: "In flight", schedules: [schedule()] })).body;
    const scheduleId = created.schedules[0].scheduleId as number;
    const seat = await prisma.seat.findFirstOrThrow({ where: { scheduleId, seatNumber: 2 } });
    const fan = await createUser();
    const now = new Date();
    const expires = new Date(now.getTime() + 300_000);
    let took!: () => void;
    const taken = new Promise<void>((resolve) => (took = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The statements of endpoint 6's transaction (lib/booking/reserve-seat.ts), paused before its commit.
    const hold = prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ id: number }[]>`
          WITH held AS (
            UPDATE seats SET hold_expires_at = ${expires}::timestamptz
            WHERE id = ${seat.id}::int AND sold_at IS NULL
              AND (hold_expires_at IS NULL OR hold_expires_at <= ${now}::timestamptz)
            RETURNING id, price)
          INSERT INTO reservations (user_id, seat_id, price, status, expires_at, created_at)
          SELECT ${fan.id}::int, held.id, held.price, 'PAYMENT_PENDING'::"ReservationStatus", ${expires}::timestamptz, ${now}::timestamptz FROM held
          RETURNING id`;
        took();
        await gate;
        return oneRow(rows, "reservation").id;
      },
      { timeout: 30_000 },
    );
    await taken;
    const put = replaceSections(headers, created.concertId, scheduleId, {
      sections: [{ name: "X", price: 1, seats: 5 }],
    });
    await waitUntilBlockedOnLock("seats", put);
    release();
    const reservationId = await hold;
    const res = await put;
    expect(res.body).toMatchObject({ code: 409, error: "layout_locked" });
    expect(await prisma.reservation.findUnique({ where: { id: reservationId } })).not.toBeNull();
    expect((await prisma.seat.findUniqueOrThrow({ where: { id: seat.id } })).holdExpiresAt).toEqual(expires);
  });

  it("leaves schedules made before sections (fixtures) replaceable", async () => {
    const headers = await adminHeaders();
    const legacy = await createConcertWithSeats({ seats: 3 });
    const res = await replaceSections(headers, legacy.id, legacy.schedules[0]!.id, {
      sections: [{ name: "A", price: 5_000, seats: 2 }],
    });
    expect(res.body).toMatchObject({ seats: { total: 2 }, sections: [{ name: "A", firstSeat: 1, lastSeat: 2 }] });
  });
});
