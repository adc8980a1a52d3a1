import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as schedulesRoute from "@/app/api/concerts/[concertId]/schedules/route";
import * as seatsRoute from "@/app/api/concerts/[concertId]/schedules/[scheduleId]/seats/route";
import { cancelTicket } from "@/lib/booking/cancel-ticket";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { drawOrder } from "@/lib/queue/draw-formula";
import type { TokenRow } from "@/lib/queue/queue-store";
import { GENERAL_ROOM_ID } from "@/lib/queue/room-rules";
import { patchRoom } from "@/lib/rooms/patch-room";
import { fund, ledgerSum } from "../helpers/booking-fixtures";
import { createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { createUsers, poll } from "../helpers/queue-fixtures";
import { STORE_KINDS, useStore, type TestStore } from "../helpers/queue-stores";
import { activeByRoom, createRoom, hold, joinRoom, payFor } from "../helpers/room-fixtures";

// Waiting rooms per concert (ONSALE.md, "Rooms"), through the real route handlers against real Postgres, with
// the line on each queue store (Postgres, and Redis under a key prefix of its own).

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  resetConfigForTests();
});

/** A clock the test moves by hand: every route and use case reads it. */
function manualClock(start = Date.now()) {
  let t = start;
  clock.now = () => new Date(t);
  return {
    at: (seconds: number) => new Date(start + seconds * 1000),
    advance: (ms: number) => {
      t += ms;
    },
    now: () => new Date(t),
  };
}

type Fan = { id: number; cookie: Record<string, string>; token: string; tokenId: number };

async function fans(count: number, balance = 0): Promise<{ id: number; cookie: Record<string, string> }[]> {
  const ids = await createUsers(count);
  return Promise.all(
    ids.map(async (id) => {
      if (balance > 0) await fund(id, balance);
      return { id, cookie: await sessionCookie(id) };
    }),
  );
}

async function joined(fan: { id: number; cookie: Record<string, string> }, concertId: number | null): Promise<Fan> {
  const res = await joinRoom(fan.id, concertId, fan.cookie);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...fan, token: res.body.token, tokenId: res.body.tokenId };
}

function seatOf(concert: Awaited<ReturnType<typeof createConcertWithSeats>>, index: number) {
  const schedule = concert.schedules[0]!;
  return { concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[index]!.id };
}
describe.each(STORE_KINDS)("waiting rooms on the %s store", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await useStore(kind);
  });
  afterEach(async () => {
    await store.close();
  });

  /** The tokens with these ids as the store holds them, in join order (every one must exist). */
  async function tokensBySeq(ids: number[]): Promise<TokenRow[]> {
    const tokens = await Promise.all(ids.map((id) => store.store.findToken(id)));
    expect(tokens.filter((t) => t === null)).toHaveLength(0);
    return (tokens as TokenRow[]).sort((x, y) => (x.seq ?? Infinity) - (y.seq ?? Infinity));
  }

  describe("rooms on sale at once", () => {
    it("each hold their own capacity under concurrent joins, polls and payments, admitting in join order", async () => {
      const time = manualClock();
      const a = await createConcertWithSeats({ seats: 40, price: 1_000 });
      const b = await createConcertWithSeats({ seats: 40, price: 1_000 });
      const roomA = await createRoom(a.id, { activeCapacity: 3 });
      const roomB = await createRoom(b.id, { activeCapacity: 7 });
      const crowdA = await fans(25, 10_000);
      const crowdB = await fans(25, 10_000);

      // Every admission the store makes, with its tick's time (the token's activation time).
      const admissions: { roomId: number; tokenId: number; at: number }[] = [];
      const admit = store.store.admit.bind(store.store);
      vi.spyOn(store.store, "admit").mockImplementation(async (options) => {
        const outcome = await admit(options);
        for (const admitted of outcome?.admitted ?? []) {
          admissions.push({ roomId: options.roomId, tokenId: admitted.id, at: options.now.getTime() });
        }
        return outcome;
      });

      const peak = new Map<number, number>();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          for (const [room, n] of await activeByRoom(store.store, [roomA.id, roomB.id])) {
            peak.set(room, Math.max(peak.get(room) ?? 0, n));
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();

      const all = await Promise.all([
        ...crowdA.map(async (f) => ({ room: "A", concert: a, fan: await joined(f, a.id) })),
        ...crowdB.map(async (f) => ({ room: "B", concert: b, fan: await joined(f, b.id) })),
      ]);
      const bought = new Set<number>();
      const seatIndex = { A: 0, B: 0 } as Record<string, number>;
      for (let round = 0; round < 60 && bought.size < all.length; round++) {
        time.advance(1_100);
        const polled = await Promise.all(all.map(async (x) => ({ ...x, status: (await poll(x.fan.token)).body })));
        await Promise.all(
          polled
            .filter((x) => x.status.status === "ACTIVE" && !bought.has(x.fan.id))
            .map(async (x) => {
              const held = await hold(x.fan, seatOf(x.concert, seatIndex[x.room]!++));
              expect(held.status, JSON.stringify(held.body)).toBe(200);
              const paid = await payFor(x.fan, held.body.reservationId);
              expect(paid.status, JSON.stringify(paid.body)).toBe(200);
              bought.add(x.fan.id);
            }),
        );
      }
      sampling = false;
      await sampler;

      expect(bought.size).toBe(50);
      expect(peak.get(roomA.id)).toBeLessThanOrEqual(3);
      expect(peak.get(roomB.id)).toBeLessThanOrEqual(7);
      expect(peak.get(roomB.id)).toBeGreaterThan(3); // the bigger room really used its own capacity
      for (const [name, room] of [
        ["A", roomA],
        ["B", roomB],
      ] as const) {
        const ids = all.filter((x) => x.room === name).map((x) => x.fan.tokenId);
        const tokens = (await tokensBySeq(ids)).filter((t) => t.roomId === room.id);
        // The 25 fans' tokens are the room's and hold its join numbers 1..25; nobody is left waiting or shopping.
        expect(tokens.map((t) => t.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
        expect(await store.store.roomCounts(room.id)).toEqual({ waiting: 0, active: 0 });
        const admitted = admissions.filter((a) => a.roomId === room.id);
        // Each admitted exactly once.
        expect(admitted.map((a) => a.tokenId).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
        // Join order within the room: a later joiner is never admitted before an earlier one.
        const activatedAt = new Map(admitted.map((a) => [a.tokenId, a.at]));
        for (let i = 1; i < tokens.length; i++) {
          expect(activatedAt.get(tokens[i]!.id)).toBeGreaterThanOrEqual(activatedAt.get(tokens[i - 1]!.id)!);
        }
      }
      for (const x of all) expect(await ledgerSum(x.fan.id)).toBe(9_000);
    });

    it("a tick of one room never waits for another room's lock", async () => {
      const a = await createConcertWithSeats({ seats: 2 });
      const b = await createConcertWithSeats({ seats: 2 });
      const roomB = await createRoom(b.id);
      await createRoom(a.id);
      const [fan] = await fans(1);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // Room B's admission lock is held for the whole time a fan joins room A and is admitted.
      const holder = prisma.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(1364542805, ${roomB.id}::int)`;
          await released;
        },
        { timeout: 20_000 },
      );
      const res = await joinRoom(fan!.id, a.id, fan!.cookie);
      release();
      await holder;
      expect(res.body.status).toBe("ACTIVE");
    });
  });

  describe("tokens open only their own room's concerts", () => {
    it("a general-room token is refused by a dedicated room's catalogue and booking (403 token_other_room), and the reverse", async () => {
      const dedicated = await createConcertWithSeats({ seats: 3, price: 1_000 });
      const general = await createConcertWithSeats({ seats: 3, price: 1_000 });
      await createRoom(dedicated.id);
      const [x, y] = await fans(2, 10_000);
      const generalFan = await joined(x!, null);
      const roomFan = await joined(y!, dedicated.id);
      expect(generalFan.tokenId).not.toBe(roomFan.tokenId);

      const tryAll = async (fan: Fan, concert: typeof dedicated) => {
        const headers = { ...fan.cookie, authorization: `Bearer ${fan.token}` };
        const schedule = concert.schedules[0]!;
        return [
          await call(schedulesRoute.GET, "GET", `/api/concerts/${concert.id}/schedules`, {
            params: { concertId: String(concert.id) },
            headers,
          }),
          await call(seatsRoute.GET, "GET", `/api/concerts/${concert.id}/schedules/${schedule.id}/seats`, {
            params: { concertId: String(concert.id), scheduleId: String(schedule.id) },
            headers,
          }),
          await hold(fan, seatOf(concert, 0)),
        ];
      };
      for (const res of [...(await tryAll(generalFan, dedicated)), ...(await tryAll(roomFan, general))]) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          code: 403,
          message: "token not active",
          error: "token_other_room",
          detail: "token of another room",
        });
      }
      expect(await prisma.reservation.count({ where: { userId: { in: [generalFan.id, roomFan.id] } } })).toBe(0);

      // A hold made with the right token cannot be paid with the fan's own token of the other room either.
      const held = await hold(roomFan, seatOf(dedicated, 1));
      expect(held.status).toBe(200);
      const ownGeneral = await joined(y!, null);
      expect(ownGeneral.tokenId).not.toBe(roomFan.tokenId);
      const wrongToken = { ...roomFan, token: ownGeneral.token };
      expect((await payFor(wrongToken, held.body.reservationId)).body.error).toBe("token_other_room");
      expect(await prisma.payment.count({ where: { userId: roomFan.id } })).toBe(0);
    });

    it("a payment ends only the paying room's token, and only once no hold is left in that room", async () => {
      const room = await createConcertWithSeats({ seats: 3, price: 1_000 });
      const general = await createConcertWithSeats({ seats: 3, price: 1_000 });
      await createRoom(room.id);
      const [f] = await fans(1, 10_000);
      const inRoom = await joined(f!, room.id);
      const inGeneral = await joined(f!, null);
      const first = await hold(inRoom, seatOf(room, 0));
      const second = await hold(inRoom, seatOf(room, 1));
      const other = await hold(inGeneral, seatOf(general, 0));
      expect([first.status, second.status, other.status]).toEqual([200, 200, 200]);

      const status = async (fan: Fan) => (await store.store.findToken(fan.tokenId))?.status;
      await payFor(inRoom, first.body.reservationId);
      expect(await status(inRoom)).toBe("ACTIVE");
      await payFor(inRoom, second.body.reservationId);
      expect(await status(inRoom)).toBe("EXPIRED");
      // The general room's token is untouched by the room's payments (its own hold is still pending).
      expect(await status(inGeneral)).toBe("ACTIVE");
    });
  });

  describe("sold out", () => {
    it("reaches every waiting fan on their next poll, takes no new joins, and a refund reopens the room", async () => {
      const time = manualClock();
      const concert = await createConcertWithSeats({ seats: 2, price: 1_000 });
      const room = await createRoom(concert.id, { activeCapacity: 2 });
      const crowd = await fans(5, 10_000);
      const line: Fan[] = [];
      for (const f of crowd) line.push(await joined(f, concert.id));
      const [buyer1, buyer2, ...waiting] = line;
      for (const [i, buyer] of [buyer1!, buyer2!].entries()) {
        const held = await hold(buyer, seatOf(concert, i));
        expect((await payFor(buyer, held.body.reservationId)).status).toBe(200);
      }

      time.advance(1_100);
      const polls = await Promise.all(waiting.map((w) => poll(w.token)));
      for (const p of polls) {
        expect(p.body).toMatchObject({ status: "WAIT", saleState: "SOLD_OUT", concertId: concert.id });
        expect(Number(p.headers.get("retry-after"))).toBe(30);
      }
      // Nobody was admitted into a sold-out room though both slots are free.
      expect((await activeByRoom(store.store, [room.id])).get(room.id)).toBe(0);
      const [late] = await fans(1);
      expect((await joinRoom(late!.id, concert.id, late!.cookie)).body).toMatchObject({ code: 409, error: "sold_out" });

      // A refund puts a seat back on sale (done here as the refund does it: the reservation cancelled, the seat unsold).
      const sold = await prisma.reservation.findFirstOrThrow({ where: { userId: buyer1!.id } });
      await prisma.$transaction([
        prisma.reservation.update({ where: { id: sold.id }, data: { status: "CANCELLED" } }),
        prisma.seat.update({ where: { id: sold.seatId }, data: { soldAt: null, holdExpiresAt: null } }),
      ]);
      time.advance(1_100);
      const reopened = await poll(waiting[0]!.token);
      expect(reopened.body).toMatchObject({ status: "ACTIVE", saleState: "ON_SALE" });
      expect((await poll(waiting[1]!.token)).body).toMatchObject({ saleState: "ON_SALE" });
    });
  });

  describe("sold out, at the moment it happens", () => {
    it("refuses a join right after the last seat is paid and takes one right after a refund, no tick between", async () => {
      const time = manualClock(); // the clock stands still: no admission tick falls due between these requests
      const concert = await createConcertWithSeats({ seats: 1, price: 1_000 });
      await createRoom(concert.id, { activeCapacity: 1 });
      const [buyer, late, later] = await fans(3, 10_000);
      const b = await joined(buyer!, concert.id);
      const held = await hold(b, seatOf(concert, 0));
      expect((await payFor(b, held.body.reservationId)).status).toBe(200);
      expect((await joinRoom(late!.id, concert.id, late!.cookie)).body).toMatchObject({ code: 409, error: "sold_out" });

      await cancelTicket({ userId: buyer!.id, reservationId: held.body.reservationId, now: time.now() });
      const again = await joinRoom(later!.id, concert.id, later!.cookie);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toMatchObject({ saleState: "ON_SALE", concertId: concert.id });
    });
  });

  describe("a dedicated room's rules", () => {
    it("holdRequiresFunds: five holds fired at once with funds for two get exactly two", async () => {
      const concert = await createConcertWithSeats({ seats: 10, price: 10_000 });
      await createRoom(concert.id, { holdRequiresFunds: true });
      const [f] = await fans(1, 25_000);
      const fan = await joined(f!, concert.id);
      const results = await Promise.all([0, 1, 2, 3, 4].map((i) => hold(fan, seatOf(concert, i))));
      expect(results.filter((r) => r.status === 200)).toHaveLength(2);
      for (const r of results.filter((r) => r.status !== 200)) {
        expect(r.body).toMatchObject({ code: 400, message: "reservation failed", error: "hold_needs_funds" });
      }
      expect(await prisma.reservation.count({ where: { userId: fan.id, status: "PAYMENT_PENDING" } })).toBe(2);
    });

    it("holdRequiresFunds counts unpaid holds in every room, and the general room never requires funds", async () => {
      const room = await createConcertWithSeats({ seats: 3, price: 10_000 });
      const general = await createConcertWithSeats({ seats: 3, price: 10_000 });
      await createRoom(room.id, { holdRequiresFunds: true });
      const [f] = await fans(1, 15_000);
      const inGeneral = await joined(f!, null);
      expect((await hold(inGeneral, seatOf(general, 0))).status).toBe(200);
      expect((await hold(inGeneral, seatOf(general, 1))).status).toBe(200); // 20,000 held on 15,000: fine here
      const inRoom = await joined(f!, room.id);
      expect((await hold(inRoom, seatOf(room, 0))).body.error).toBe("hold_needs_funds");
    });

    it("maxTicketsPerFan holds across visits and under a burst", async () => {
      const concert = await createConcertWithSeats({ seats: 10, price: 1_000 });
      await createRoom(concert.id, { maxTicketsPerFan: 2 });
      const [f, g] = await fans(2, 10_000);
      // Visit 1: one seat bought (the payment ends the token); visit 2: another; visit 3: refused.
      for (const i of [0, 1]) {
        const fan = await joined(f!, concert.id);
        const held = await hold(fan, seatOf(concert, i));
        expect((await payFor(fan, held.body.reservationId)).status).toBe(200);
      }
      const third = await joined(f!, concert.id);
      expect((await hold(third, seatOf(concert, 2))).body).toMatchObject({ error: "ticket_limit" });
      // A burst of four holds by another fan: exactly two.
      const burst = await joined(g!, concert.id);
      const results = await Promise.all([3, 4, 5, 6].map((i) => hold(burst, seatOf(concert, i))));
      expect(results.filter((r) => r.status === 200)).toHaveLength(2);
      expect(results.filter((r) => r.body.error === "ticket_limit")).toHaveLength(2);
    });

    it("a closed room takes no joins or holds, tells the waiting fans, and lets existing holds be paid", async () => {
      const time = manualClock();
      const concert = await createConcertWithSeats({ seats: 5, price: 1_000 });
      const room = await createRoom(concert.id, { activeCapacity: 1 });
      const [a, b, c] = await fans(3, 10_000);
      const shopper = await joined(a!, concert.id);
      const waiter = await joined(b!, concert.id);
      const held = await hold(shopper, seatOf(concert, 0));
      // Closed as an organizer closes it (PATCH .../room), which tells the store (Redis keeps rooms' settings).
      const organizer = await createUser({ role: "ADMIN" });
      await patchRoom({ concertId: concert.id, changes: { closed: true }, actorId: organizer.id, now: time.now() });
      expect((await prisma.queueRoom.findUniqueOrThrow({ where: { id: room.id } })).closedAt).toEqual(time.now());

      expect((await joinRoom(c!.id, concert.id, c!.cookie)).body).toMatchObject({ code: 409, error: "sale_closed" });
      expect((await hold(shopper, seatOf(concert, 1))).body).toMatchObject({ code: 409, error: "sale_closed" });
      time.advance(1_100);
      expect((await poll(waiter.token)).body).toMatchObject({ status: "WAIT", saleState: "CLOSED" });
      expect((await payFor(shopper, held.body.reservationId)).status).toBe(200);
    });
  });

  describe("the pre-queue", () => {
    it("refuses joins before it opens, takes entrants with no place until the draw, then admits in drawn order", async () => {
      const time = manualClock();
      const concert = await createConcertWithSeats({ seats: 10, price: 1_000 });
      const room = await createRoom(concert.id, {
        prequeueOpensAt: time.at(60),
        salesStartAt: time.at(60 + 1_800),
        activeCapacity: 2,
      });
      const crowd = await fans(6);
      const early = await joinRoom(crowd[0]!.id, concert.id, crowd[0]!.cookie);
      expect(early.body).toMatchObject({ code: 409, error: "room_not_open", detail: time.at(60).toISOString() });

      time.advance(61_000);
      const entrants: Fan[] = [];
      for (const f of crowd.slice(0, 5)) entrants.push(await joined(f, concert.id));
      const first = await poll(entrants[0]!.token);
      expect(first.body).toMatchObject({
        status: "WAIT",
        position: null,
        saleState: "PREQUEUE",
        drawCommitment: room.drawCommitment,
        estimatedWaitSeconds: 1_799,
        expiredAt: new Date(time.at(60 + 1_800).getTime() + 300_000).toISOString(),
      });
      expect(Number(first.headers.get("retry-after"))).toBeGreaterThanOrEqual(1_799);

      // Thirty minutes without a poll: every entrant is still in (tokens issued in the pre-queue do not idle out).
      time.advance(1_800_000);
      const afterStart = await Promise.all(entrants.map((e) => poll(e.token)));
      for (const p of afterStart) expect(p.body.status).not.toBe("EXPIRED");
      const late = await joined(crowd[5]!, concert.id);

      const drawn = await prisma.queueRoom.findUniqueOrThrow({ where: { id: room.id } });
      expect(drawn.drawnAt).not.toBeNull();
      const expected = drawOrder(
        Buffer.from(drawn.drawSeed!),
        entrants.map((e) => e.tokenId).sort((x, y) => x - y),
      );
      expect(drawn.entrantsHash).toBe(expected.entrantsHash);
      expect(await store.store.drawnEntrants(room.id)).toEqual(expected.order);
      const tokens = await tokensBySeq([...entrants.map((e) => e.tokenId), late.tokenId]);
      expect(tokens.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(tokens.map((t) => t.id)).toEqual([...expected.order, late.tokenId]);
      // The two seats of capacity went to the first two drawn, whoever arrived first; the rest wait.
      const active = tokens.filter((t) => t.status === "ACTIVE").map((t) => t.id);
      expect(active).toEqual(expected.order.slice(0, 2));
      expect(await store.store.roomCounts(room.id)).toEqual({ waiting: 4, active: 2 });
    });

    it("a join after the start, before any tick ran the draw, runs the draw and queues after every entrant", async () => {
      const time = manualClock();
      const concert = await createConcertWithSeats({ seats: 10 });
      const room = await createRoom(concert.id, {
        prequeueOpensAt: time.at(0),
        salesStartAt: time.at(10),
        activeCapacity: 1,
      });
      const crowd = await fans(4);
      time.advance(1_000);
      const entrants = await Promise.all(crowd.slice(0, 3).map((f) => joined(f, concert.id)));
      time.advance(10_000);
      const late = await joined(crowd[3]!, concert.id);
      const tokens = await tokensBySeq([...entrants.map((e) => e.tokenId), late.tokenId]);
      expect(tokens.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
      expect(tokens.map((t) => t.id).at(-1)).toBe(late.tokenId);
      expect(new Set(tokens.slice(0, 3).map((t) => t.id))).toEqual(new Set(entrants.map((e) => e.tokenId)));
      const counts = await store.store.roomCounts(room.id);
      expect(counts.waiting + counts.active).toBe(4); // nobody else in the room
    });
  });

  describe("the general room", () => {
    it("is the room of every concert without one, and of tokens issued with no body, {} or an unknown body", async () => {
      const concert = await createConcertWithSeats({ seats: 2 });
      const [a, b, c] = await fans(3);
      for (const [fan, body] of [
        [a!, undefined],
        [b!, {}],
        [c!, { hello: "world", concertId: "not a number" }],
      ] as const) {
        const res = await call((await import("@/app/api/queue/token/users/[userId]/route")).POST, "POST", "/x", {
          params: { userId: String(fan.id) },
          headers: fan.cookie,
          ...(body === undefined ? {} : { body }),
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ concertId: null, saleState: "ON_SALE" });
      }
      // With the concert's id: still the general room, since the concert has no room of its own.
      const viaConcert = await joinRoom(a!.id, concert.id, a!.cookie);
      const inGeneral = (await store.store.findUserLiveToken(a!.id, GENERAL_ROOM_ID)).token;
      expect(inGeneral?.roomId).toBe(GENERAL_ROOM_ID);
      expect(viaConcert.body.tokenId).toBe(inGeneral?.id);
    });
  });

  describe("organizer input for rooms", () => {
    it("refuses bad room settings with the field in detail, and changes nothing", async () => {
      const { PUT, PATCH } = await import("@/app/api/admin/concerts/[concertId]/room/route");
      const { apiKeyHeader, createUser } = await import("../helpers/fixtures");
      const admin = await createUser({ role: "ADMIN" });
      const key = await apiKeyHeader(admin.id);
      const concert = await createConcertWithSeats({ seats: 2 });
      const params = { concertId: String(concert.id) };
      const soon = (s: number) => new Date(Date.now() + s * 1000).toISOString();
      const cases: [unknown, RegExp][] = [
        [{ prequeueOpensAt: "0000-01-01T00:00:00Z", salesStartAt: soon(60) }, /body\.prequeueOpensAt/],
        [{ prequeueOpensAt: soon(120), salesStartAt: soon(60) }, /body\.prequeueOpensAt/],
        [{ prequeueOpensAt: soon(60), salesStartAt: "tomorrow" }, /body\.salesStartAt/],
        [{ prequeueOpensAt: soon(60), salesStartAt: soon(120), activeCapacity: 0 }, /body\.activeCapacity/],
        [{ prequeueOpensAt: soon(60), salesStartAt: soon(120), maxTicketsPerFan: 1.5 }, /body\.maxTicketsPerFan/],
        [{ prequeueOpensAt: soon(60), salesStartAt: soon(120), surprise: true }, /body/],
      ];
      for (const [body, detail] of cases) {
        const res = await call(PUT, "PUT", `/api/admin/concerts/${concert.id}/room`, { params, headers: key, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.detail).toMatch(detail);
      }
      // Booking of the concert opened yesterday: a sale start before that is refused.
      const early = await call(PUT, "PUT", `/api/admin/concerts/${concert.id}/room`, {
        params,
        headers: key,
        body: { prequeueOpensAt: soon(-3 * 86_400), salesStartAt: soon(-2 * 86_400) },
      });
      expect(early.body.detail).toMatch(/body\.salesStartAt: earlier than a schedule's reservationAt/);
      const patched = await call(PATCH, "PATCH", `/api/admin/concerts/${concert.id}/room`, {
        params,
        headers: key,
        body: { paused: true },
      });
      expect(patched.body).toMatchObject({ code: 404, error: "not_found" });
      expect(await prisma.queueRoom.count({ where: { concertId: concert.id } })).toBe(0);
      expect(await prisma.auditEntry.count({ where: { actorId: admin.id } })).toBe(0);
    });
  });
});
