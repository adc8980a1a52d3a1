import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import * as drawRoute from "@/app/api/concerts/[concertId]/room/draw/route";
import * as adminRoom from "@/app/api/admin/concerts/[concertId]/room/route";
import { prisma } from "@/lib/db/prisma";
import { endActiveTokenAfterPayment, extendActiveToken, holdDeadline } from "@/lib/queue/active-token-lifecycle";
import { admitWaitingFans } from "@/lib/queue/admit-waiting-fans";
import { drawOrder } from "@/lib/queue/draw-formula";
import { GENERAL_ROOM_ID } from "@/lib/queue/room-rules";
import { verifyDraw, type DrawDocument } from "@/scripts/verify-draw";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { createUsers, join, poll, resetQueue, setNow, setQueueSettings } from "../helpers/queue-fixtures";
import { PostgresQueueStore } from "@/lib/queue/postgres-queue-store";
import { RedisQueueStore } from "@/lib/queue/redis-queue-store";
import { REDIS_TEST_URL, STORE_KINDS, useStore, type TestStore } from "../helpers/queue-stores";
import { joinRoom } from "../helpers/room-fixtures";

// One contract for both waiting-room stores (Postgres, and Redis under a key prefix of its own): what
// API.md and ONSALE.md promise about the line is checked through the real route handlers and the store
// interface only, never by reading one store's tables, so the same cases hold the Redis store to it.

const t0 = new Date("2026-10-10T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

type Issued = { tokenId: number; token: string; status: string; userId: number };

describe.each(STORE_KINDS)("the waiting room on %s", (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    await resetQueue();
    t = await useStore(kind);
  });
  afterEach(async () => {
    delete process.env.QUEUE_ACTIVE_CAPACITY;
    await t.close();
  });
  afterAll(() => resetQueue());

  const statusOf = async (id: number) => (await t.store.findToken(id))?.status;
  const activeCount = async (roomId = GENERAL_ROOM_ID) => (await t.store.roomCounts(roomId)).active;
  async function joinAll(userIds: number[]): Promise<Issued[]> {
    const out: Issued[] = [];
    for (const userId of userIds) out.push({ ...(await join(userId)).body, userId });
    return out;
  }
  /** 1 + the live WAIT tokens of the room with a smaller join number, from the store's own rows. */
  async function bruteForce(fans: Issued[], me: number, now: Date): Promise<number> {
    const rows = await Promise.all(fans.map((f) => t.store.findToken(f.tokenId)));
    const mine = rows.find((r) => r?.id === me)!;
    return 1 + rows.filter((r) => r && r.status === "WAIT" && r.expiresAt > now && r.seq! < mine.seq!).length;
  }

  it("admits in join order as ACTIVE fans finish, and positions move up", async () => {
    await setQueueSettings({ capacity: 3 });
    setNow(at(0));
    const fans = await joinAll(await createUsers(10));
    expect(fans.map((f) => f.status)).toEqual([...Array(3).fill("ACTIVE"), ...Array(7).fill("WAIT")]);
    const positions = await Promise.all(fans.slice(3).map(async (f) => (await poll(f.token)).body.position));
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7]);

    for (const f of [fans[0]!, fans[2]!]) await endActiveTokenAfterPayment(prisma, f.userId, GENERAL_ROOM_ID, at(0.5));
    setNow(at(1.5));
    expect((await poll(fans[9]!.token)).body).toMatchObject({ status: "WAIT" }); // drives the tick
    const after = await Promise.all(fans.map((f) => statusOf(f.tokenId)));
    expect(after).toEqual(["EXPIRED", "ACTIVE", "EXPIRED", "ACTIVE", "ACTIVE", ...Array(5).fill("WAIT")]);
    const next = await Promise.all(fans.slice(5).map(async (f) => (await poll(f.token)).body.position));
    expect(next).toEqual([1, 2, 3, 4, 5]);
    expect(await activeCount()).toBe(3);
  });

  it("issues one live token per user, however many issues race", async () => {
    await setQueueSettings({ capacity: 1 });
    const [first, userId] = await createUsers(2);
    await join(first!); // takes the only slot
    const cookie = await sessionCookie(userId!);
    const results = await Promise.all(Array.from({ length: 20 }, () => join(userId!, cookie)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.token)).size).toBe(1);
    expect((await t.store.roomCounts(GENERAL_ROOM_ID)).waiting).toBe(1);
  });

  it("never exceeds capacity 50 when 500 fans join at once, and admits the first 50 in line", async () => {
    await setQueueSettings({ capacity: 50 });
    const users = await createUsers(500);
    let max = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        max = Math.max(max, await activeCount());
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const results = await Promise.all(users.map((id) => join(id)));
    sampling = false;
    await sampler;
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.status === "ACTIVE").length).toBeLessThanOrEqual(50);
    expect(max).toBeLessThanOrEqual(50);

    await admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true });
    expect(await t.store.roomCounts(GENERAL_ROOM_ID)).toEqual({ waiting: 450, active: 50 });
    const rows = await Promise.all(results.map((r) => t.store.findToken(r.body.tokenId)));
    const activeSeqs = rows.filter((r) => r!.status === "ACTIVE").map((r) => r!.seq!);
    expect(activeSeqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Everyone waiting sees a distinct place, 1..450, in join order.
    const waiting = rows.filter((r) => r!.status === "WAIT").sort((a, b) => a!.seq! - b!.seq!);
    const tokenOf = new Map(results.map((r) => [r.body.tokenId as number, r.body.token as string]));
    const polled = await Promise.all(waiting.map(async (r) => (await poll(tokenOf.get(r!.id)!)).body.position));
    expect(polled).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));

    // 30 fans pay; then 40 ticks and 40 polls race to hand out their slots: never over, never twice.
    for (const r of rows.filter((x) => x!.status === "ACTIVE").slice(0, 30)) {
      await endActiveTokenAfterPayment(prisma, r!.userId, GENERAL_ROOM_ID, new Date());
    }
    const outcomes = await Promise.all([
      ...Array.from({ length: 40 }, () => admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true })),
      ...waiting.slice(0, 40).map((r) => poll(tokenOf.get(r!.id)!)),
    ]);
    expect(await activeCount()).toBe(50);
    const admittedIds = outcomes.flatMap((o) => (o && "admitted" in o ? o.admitted.map((a) => a.id) : []));
    expect(new Set(admittedIds).size).toBe(admittedIds.length);
    expect(admittedIds.sort((a, b) => a - b)).toEqual(
      waiting
        .slice(0, 30)
        .map((r) => r!.id)
        .sort((a, b) => a - b),
    );
  });

  it("takes a WAIT token that is not polled for the idle timeout out of the line", async () => {
    await setQueueSettings({ capacity: 1 });
    setNow(at(0));
    const [holder, quiet, keen] = (await joinAll(await createUsers(3))) as [Issued, Issued, Issued];
    expect(holder.status).toBe("ACTIVE");
    await extendActiveToken(prisma, holder.tokenId, at(10_000), at(0)); // a long hold keeps the slot (up to the cap)
    setNow(at(200));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", position: 2 });
    setNow(at(299));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", position: 2 });
    setNow(at(301));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", position: 1 });
    expect((await poll(quiet.token)).body).toMatchObject({ status: "EXPIRED" });
    expect(await statusOf(quiet.tokenId)).toBe("EXPIRED");
  });

  it("frees a lapsed ACTIVE slot without any job, caps a hold at admission + QUEUE_ACTIVE_MAX_SECONDS", async () => {
    await setQueueSettings({ capacity: 1 });
    setNow(at(0));
    const [a, b] = await joinAll(await createUsers(2));
    expect([a!.status, b!.status]).toEqual(["ACTIVE", "WAIT"]);
    // A hold asks for far too long: the token lives only until the hard cap (900 s).
    expect(await holdDeadline(prisma, a!.tokenId, at(5_000), at(1))).toEqual(at(900));
    await extendActiveToken(prisma, a!.tokenId, at(5_000), at(1));
    expect((await t.store.findToken(a!.tokenId))!.expiresAt).toEqual(at(900));
    for (const s of [200, 400, 600, 800, 899]) {
      setNow(at(s)); // b keeps polling, so only a's slot decides
      expect((await poll(b!.token)).body).toMatchObject({ status: "WAIT", position: 1 });
    }
    setNow(at(901));
    expect((await poll(a!.token)).body).toMatchObject({ status: "EXPIRED" });
    expect((await poll(b!.token)).body).toMatchObject({ status: "ACTIVE", position: 0 });
    // A hold from a process whose clock still reads 899 s cannot revive the retired token.
    await extendActiveToken(prisma, a!.tokenId, at(1_000), at(899));
    expect(await statusOf(a!.tokenId)).toBe("EXPIRED");
    expect(await activeCount()).toBe(1);
  });

  it("admits nobody while paused, and resumes in order", async () => {
    await setQueueSettings({ capacity: 5, paused: true });
    setNow(at(0));
    const fans = await joinAll(await createUsers(3));
    expect(fans.map((f) => f.status)).toEqual(["WAIT", "WAIT", "WAIT"]);
    expect((await poll(fans[0]!.token)).body).toMatchObject({
      position: 1,
      estimatedWaitSeconds: null,
      saleState: "PAUSED",
    });
    await setQueueSettings({ paused: false });
    await t.store.roomChanged(GENERAL_ROOM_ID);
    setNow(at(2));
    expect((await poll(fans[2]!.token)).body).toMatchObject({ status: "ACTIVE", saleState: "ON_SALE" });
    expect(await activeCount()).toBe(3);
  });

  it("spreads admissions with the admit-per-second cap", async () => {
    await setQueueSettings({ capacity: 100, rate: 5 });
    setNow(at(0));
    const fans = await Promise.all((await createUsers(20)).map((id) => join(id)));
    expect(fans.every((f) => f.status === 200)).toBe(true);
    expect(await activeCount()).toBeLessThanOrEqual(5);
    await admitWaitingFans(GENERAL_ROOM_ID, at(0), { wait: true, force: true });
    expect(await activeCount()).toBe(5);
    setNow(at(1));
    await poll(fans[0]!.body.token);
    expect(await activeCount()).toBe(10);
    setNow(at(1.4));
    await admitWaitingFans(GENERAL_ROOM_ID, at(1.4), { wait: true, force: true });
    expect(await activeCount()).toBe(12);
  });

  it("estimates from the admission rate actually observed", async () => {
    await setQueueSettings({ capacity: 2, paused: true });
    setNow(at(0));
    const fans = await joinAll(await createUsers(6));
    expect((await poll(fans[5]!.token)).body).toMatchObject({ position: 6, estimatedWaitSeconds: null });
    await setQueueSettings({ paused: false });
    setNow(at(1));
    await poll(fans[5]!.token);
    setNow(at(2));
    const res = await poll(fans[5]!.token);
    expect(res.body).toMatchObject({ status: "WAIT", position: 4, estimatedWaitSeconds: 240 });
    expect(res.headers.get("retry-after")).toBe("2");
  });

  it("keeps positions equal to a brute-force count through random lapses and admissions", async () => {
    await setQueueSettings({ capacity: 20 });
    setNow(at(0));
    const users = await createUsers(200);
    const fans = (await Promise.all(users.map((id) => join(id)))).map((r, i) => ({ ...r.body, userId: users[i]! }));
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 1; round <= 5; round++) {
      const now = at(round * 10);
      const rows = await Promise.all(fans.map((f) => t.store.findToken(f.tokenId)));
      for (const r of rows.filter((x) => x!.status === "WAIT" && random() < 0.15)) {
        await t.setDeadline(r!.id, at(round * 10 - 1)); // walked away
      }
      for (const r of rows.filter((x) => x!.status === "ACTIVE" && random() < 0.5)) {
        await endActiveTokenAfterPayment(prisma, r!.userId, GENERAL_ROOM_ID, now);
      }
      await admitWaitingFans(GENERAL_ROOM_ID, now, { wait: true, force: true });
      setNow(now);
      for (const f of fans.filter(() => random() < 0.3)) {
        const res = await poll(f.token);
        const expected = res.body.status === "WAIT" ? await bruteForce(fans, f.tokenId, now) : 0;
        expect(res.body.position, `round ${round}, token ${f.tokenId}`).toBe(expected);
      }
    }
    expect((await t.store.roomCounts(GENERAL_ROOM_ID)).waiting).toBeGreaterThan(20);
  }, 180_000);

  it("keeps capacity when several store clients race ticks", async () => {
    await setQueueSettings({ capacity: 7 });
    setNow(at(0));
    const fans = await Promise.all((await createUsers(60)).map((id) => join(id)));
    // Other clients of the same state: for Postgres other store objects on the same database, for Redis
    // other connections under the same prefix (each its own ioredis client, as other app processes).
    const others =
      t.store instanceof RedisQueueStore
        ? [1, 2].map(() => RedisQueueStore.connect(REDIS_TEST_URL, prisma, (t.store as RedisQueueStore).prefix))
        : [1, 2].map(() => new PostgresQueueStore(prisma));
    const stores = [t.store, ...others];
    for (let round = 1; round <= 5; round++) {
      const active = (await Promise.all(fans.map((f) => t.store.findToken(f.body.tokenId)))).filter(
        (r) => r!.status === "ACTIVE",
      );
      for (const r of active.slice(0, 3))
        await endActiveTokenAfterPayment(prisma, r!.userId, GENERAL_ROOM_ID, at(round));
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          stores[i % stores.length]!.admit({
            roomId: GENERAL_ROOM_ID,
            now: at(round),
            envCapacity: 100,
            envAdmitPerSecond: null,
            wait: i % 2 === 0,
            minIntervalMs: 0,
            activeTtlSeconds: 300,
          }),
        ),
      );
      const admitted = outcomes.flatMap((o) => o?.admitted.map((a) => a.id) ?? []);
      expect(new Set(admitted).size).toBe(admitted.length);
      expect(await activeCount()).toBe(7);
    }
    for (const o of others) if (o instanceof RedisQueueStore) await o.close();
  });

  it("draws the pre-queue at the start, admits in the drawn order, and the document verifies", async () => {
    const FANS = 120;
    const base = Date.now();
    const when = (s: number) => new Date(base + s * 1000);
    setNow(when(0));
    const admin = await createUser({ role: "ADMIN" });
    const key = await apiKeyHeader(admin.id);
    const concert = await createConcertWithSeats({ seats: 5 });
    const params = { concertId: String(concert.id) };
    const put = await call(adminRoom.PUT, "PUT", `/api/admin/concerts/${concert.id}/room`, {
      params,
      headers: key,
      body: { prequeueOpensAt: when(10).toISOString(), salesStartAt: when(100).toISOString(), activeCapacity: 50 },
    });
    expect(put.status).toBe(200);
    const roomId: number = put.body.roomId;
    const commitment: string = put.body.drawCommitment;

    setNow(when(11));
    const users = await createUsers(FANS);
    const entrants = await Promise.all(
      users.map(async (id) => {
        const res = await joinRoom(id, concert.id, await sessionCookie(id));
        expect(res.body).toMatchObject({ status: "WAIT", saleState: "PREQUEUE", drawCommitment: commitment });
        return { ...res.body, userId: id } as Issued;
      }),
    );
    expect((await poll(entrants[0]!.token)).body).toMatchObject({ position: null, saleState: "PREQUEUE" });
    expect((await t.store.roomCounts(roomId)).waiting).toBe(FANS);
    const blocked = await call(drawRoute.GET, "GET", `/api/concerts/${concert.id}/room/draw`, { params });
    expect(blocked.body).toMatchObject({ code: 409, error: "draw_not_done" });

    // After the start (and long past anyone's idle timeout from joining), the first poll runs the draw.
    setNow(when(150));
    const first = await poll(entrants[7]!.token);
    expect(first.body.saleState).toBe("ON_SALE");
    const late = await joinRoom(users[0]!, concert.id); // an entrant's own token comes back, same place
    expect(late.body.tokenId).toBe(entrants[0]!.tokenId);

    const res = await call(drawRoute.GET, "GET", `/api/concerts/${concert.id}/room/draw`, { params });
    expect(res.status).toBe(200);
    const doc = res.body as DrawDocument;
    expect(doc.entrants).toHaveLength(FANS);
    const seed = Buffer.from(doc.drawSeed, "hex");
    expect(doc.entrants).toEqual(
      drawOrder(
        seed,
        entrants.map((e) => e.tokenId),
      ).order,
    );
    expect(verifyDraw(doc, { commitment, tokenId: entrants[0]!.tokenId }).failures).toEqual([]);

    // Admitted in the drawn order: the first 50 drawn are ACTIVE, the rest wait in drawn order.
    await admitWaitingFans(roomId, when(151), { wait: true, force: true });
    const rows = await Promise.all(doc.entrants.map((id) => t.store.findToken(id)));
    expect(rows.map((r) => r!.status)).toEqual([...Array(50).fill("ACTIVE"), ...Array(FANS - 50).fill("WAIT")]);
    const tokenOf = new Map(entrants.map((e) => [e.tokenId, e.token]));
    setNow(when(151));
    const positions = await Promise.all(
      doc.entrants.slice(50, 60).map(async (id) => (await poll(tokenOf.get(id)!)).body.position),
    );
    expect(positions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    // Someone who joins after the start queues behind every entrant.
    const [newcomer] = await createUsers(1);
    const joined = await joinRoom(newcomer!, concert.id);
    expect((await poll(joined.body.token)).body.position).toBe(FANS - 50 + 1);
  });
});
