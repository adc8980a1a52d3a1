import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import * as schedulesRoute from "@/app/api/concerts/[concertId]/schedules/route";
import { prisma } from "@/lib/db/prisma";
import { GENERAL_ROOM_ID } from "@/lib/queue/room-rules";
import type { RedisQueueStore } from "@/lib/queue/redis-queue-store";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";
import { OwnRedis } from "../helpers/own-redis";
import { createUsers, join, poll, resetQueue, setQueueSettings } from "../helpers/queue-fixtures";
import { useStore, type TestStore } from "../helpers/queue-stores";

// What fans see when the waiting room's Redis goes away or loses its data mid-sale
// (docs/decisions/0014-redis-queue-store.md): joins and polls answer 503 service_unavailable while its state is
// unknown (never a 500), and once it is back nobody is admitted twice and capacity still holds. Runs its own
// redis-server on a free port, without persistence, so stopping it loses everything as a crash would.

const redis = new OwnRedis({ persist: false });

async function ready(store: RedisQueueStore): Promise<void> {
  for (let i = 0; i < 100 && store.redis.status !== "ready"; i++) await new Promise((r) => setTimeout(r, 50));
  expect(store.redis.status).toBe("ready");
}

const catalogue = (token: string, concertId: number) =>
  call(schedulesRoute.GET, "GET", `/api/concerts/${concertId}/schedules`, {
    params: { concertId: String(concertId) },
    headers: { authorization: `Bearer ${token}` },
  });

afterAll(() => redis.dispose());

describe("the waiting room when Redis fails", () => {
  let t: TestStore;
  let store: RedisQueueStore;
  beforeEach(async () => {
    await resetQueue();
    await redis.start();
    t = await useStore("redis", redis.url);
    store = t.store as RedisQueueStore;
  });
  afterEach(async () => {
    await t.close();
    await redis.kill();
  });

  it("answers 503 to joins and polls while Redis is unreachable, and carries on when it is back", async () => {
    await setQueueSettings({ capacity: 2 });
    const users = await createUsers(6);
    const fans = await joinInTurn(users.slice(0, 4));
    expect(fans.map((f) => f.body.status).sort()).toEqual(["ACTIVE", "ACTIVE", "WAIT", "WAIT"]);

    // Redis goes away for a while (its keys saved first, to bring it back as a restart with persistence would).
    const snapshot = await snapshotKeys(store);
    await redis.kill();

    const started = Date.now();
    const during = await Promise.all([
      ...fans.map((f) => poll(f.body.token)),
      ...users.slice(4).map((id) => join(id)),
      ...Array.from({ length: 40 }, (_, i) => poll(fans[i % 4]!.body.token)),
    ]);
    expect(during.map((r) => r.status)).toEqual(Array(during.length).fill(503));
    for (const r of during) expect(r.body).toMatchObject({ code: 503, error: "service_unavailable" });
    expect(during.every((r) => Number(r.headers.get("retry-after")) >= 1)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000); // failing fast, not hanging on a dead socket

    // Back, with its data restored (a restart with persistence): the line is exactly as it was.
    await redis.start();
    await restoreKeys(store, snapshot);
    await ready(store);
    const again = await Promise.all(fans.map((f) => poll(f.body.token)));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(again.map((r) => r.body.status).sort()).toEqual(["ACTIVE", "ACTIVE", "WAIT", "WAIT"]);
    expect((await store.roomCounts(GENERAL_ROOM_ID)).active).toBe(2);
  });

  it("after Redis lost its data mid-sale: a 503, then a fresh line; old tokens open nothing, capacity holds", async () => {
    await setQueueSettings({ capacity: 3 });
    const concert = await createConcertWithSeats({ seats: 5 });
    const users = await createUsers(10);
    const before = await joinInTurn(users.slice(0, 5));
    const admittedBefore = before.filter((f) => f.body.status === "ACTIVE");
    expect(admittedBefore).toHaveLength(3);
    expect((await catalogue(admittedBefore[0]!.body.token, concert.id)).status).toBe(200);

    await store.redis.flushall(); // or a restart without persistence, or a failover to an empty replica

    // The first request to notice gets a 503 (the state it relied on is gone), never a 500.
    const first = await poll(before[0]!.body.token);
    expect(first.status === 503 || first.status === 404).toBe(true);
    const polls = await Promise.all(before.map((f) => poll(f.body.token)));
    for (const r of polls) expect([404, 503]).toContain(r.status);
    // Tokens of the lost line open nothing: the fans who were shopping cannot keep a slot that no longer exists.
    for (const f of admittedBefore) expect((await catalogue(f.body.token, concert.id)).status).toBe(404);

    // Everyone joins again (the old five and five more, at once): a new line, never more than 3 admitted,
    // no token id reused, so no old token can ever stand for a new one.
    const after = await Promise.all(users.map((id) => join(id)));
    expect(after.every((r) => r.status === 200)).toBe(true);
    const newIds = new Set(after.map((r) => r.body.tokenId as number));
    for (const f of before) expect(newIds.has(f.body.tokenId)).toBe(false);
    expect(after.filter((r) => r.body.status === "ACTIVE").length).toBeLessThanOrEqual(3);
    expect((await store.roomCounts(GENERAL_ROOM_ID)).active).toBeLessThanOrEqual(3);
    const live = await Promise.all(after.map((f) => poll(f.body.token)));
    expect(live.every((r) => r.status === 200)).toBe(true);
    expect(live.filter((r) => r.body.status === "ACTIVE").length).toBe(3);
    expect(await prisma.queueToken.count()).toBe(0); // the Redis store writes no token to Postgres
  });
});

async function joinInTurn(userIds: number[]) {
  const out = [];
  for (const id of userIds) out.push(await join(id));
  return out;
}

type Snapshot = [string, Buffer][];

async function snapshotKeys(store: RedisQueueStore): Promise<Snapshot> {
  const keys = await store.redis.keys(`${store.prefix}*`);
  return Promise.all(keys.map(async (k) => [k, (await store.redis.dumpBuffer(k))!] as [string, Buffer]));
}

async function restoreKeys(store: RedisQueueStore, snapshot: Snapshot): Promise<void> {
  const { Redis } = await import("ioredis");
  const client = new Redis(redis.port, "127.0.0.1", { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  for (const [k, v] of snapshot) await client.restore(k, 0, v, "REPLACE");
  await client.quit();
  void store;
}
