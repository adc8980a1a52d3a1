import { GENERAL_ROOM_ID } from "@/lib/queue/room-rules";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma, type Db } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { endActiveTokenAfterPayment, extendActiveToken } from "@/lib/queue/active-token-lifecycle";
import { admitWaitingFans } from "@/lib/queue/admit-waiting-fans";
import { PostgresQueueStore } from "@/lib/queue/postgres-queue-store";
import {
  bruteForcePosition,
  createUsers,
  join,
  liveActiveCount,
  poll,
  resetQueue,
  setNow,
  setQueueSettings,
  waitUntilBlockedOnLock,
} from "../helpers/queue-fixtures";

const t0 = new Date("2026-10-10T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

type Issued = { tokenId: number; token: string; status: string };

async function joinAll(userIds: number[]): Promise<Issued[]> {
  const out: Issued[] = [];
  for (const id of userIds) out.push((await join(id)).body);
  return out;
}

async function statusOf(tokenId: number) {
  return (await prisma.queueToken.findUniqueOrThrow({ where: { id: tokenId } })).status;
}

beforeEach(() => resetQueue());
afterEach(() => {
  delete process.env.QUEUE_ACTIVE_CAPACITY;
});

describe("admission", () => {
  it("admits in join order as ACTIVE fans finish, and positions move up", async () => {
    await resetQueue({ capacity: 3 });
    setNow(at(0));
    const fans = await joinAll(await createUsers(10));
    expect(fans.map((f) => f.status)).toEqual([...Array(3).fill("ACTIVE"), ...Array(7).fill("WAIT")]);
    const positions = await Promise.all(fans.slice(3).map(async (f) => (await poll(f.token)).body.position));
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7]);

    // Two fans pay: their slots go to the two earliest in line at the next tick (driven by a poll).
    const paid = await prisma.queueToken.findMany({ where: { id: { in: [fans[0]!.tokenId, fans[2]!.tokenId] } } });
    for (const t of paid) await endActiveTokenAfterPayment(prisma, t.userId, GENERAL_ROOM_ID, at(0.5));
    setNow(at(1.5));
    const last = await poll(fans[9]!.token); // a poll from the back of the line drives the tick
    expect(last.body).toMatchObject({ status: "WAIT" });
    const after = await Promise.all(fans.map((f) => statusOf(f.tokenId)));
    expect(after).toEqual(["EXPIRED", "ACTIVE", "EXPIRED", "ACTIVE", "ACTIVE", ...Array(5).fill("WAIT")]);
    const next = await Promise.all(fans.slice(5).map(async (f) => (await poll(f.token)).body.position));
    expect(next).toEqual([1, 2, 3, 4, 5]);
    expect(await liveActiveCount(at(1.5))).toBe(3);
  });

  it("never exceeds capacity 50 when 500 fans join at once, and admits the first 50 in line", async () => {
    await resetQueue({ capacity: 50 });
    const users = await createUsers(500);
    let max = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        max = Math.max(max, await liveActiveCount(new Date()));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const results = await Promise.all(users.map((id) => join(id)));
    sampling = false;
    await sampler;

    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.status === "ACTIVE").length).toBeLessThanOrEqual(50);
    expect(max).toBeLessThanOrEqual(50);
    // Joins that found others ahead of them leave admission to the next tick; run it now.
    await admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true });
    expect(await liveActiveCount(new Date())).toBe(50);
    expect(await prisma.queueToken.count({ where: { status: "WAIT" } })).toBe(450);
    // FIFO: the ACTIVE ones are exactly join numbers 1-50; numbers are dense.
    const active = await prisma.queueToken.findMany({
      where: { status: "ACTIVE" },
      select: { seq: true },
      orderBy: { seq: "asc" },
    });
    expect(active.map((t) => t.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const { lastSeq } = oneRow(
      await prisma.$queryRaw<{ lastSeq: number }[]>`SELECT last_seq AS "lastSeq" FROM queue_counters`,
    );
    expect(lastSeq).toBe(500);
    // Everyone waiting sees a distinct place, 1..450, in join order.
    const waiting = results.filter((r) => r.body.status === "WAIT");
    const polled = await Promise.all(
      waiting.map(async (r) => ({ id: r.body.tokenId as number, ...(await poll(r.body.token)).body })),
    );
    const bySeq = await prisma.queueToken.findMany({
      where: { status: "WAIT" },
      select: { id: true },
      orderBy: { seq: "asc" },
    });
    const positionOf = new Map(polled.map((p) => [p.id, p.position]));
    expect(bySeq.map((t) => positionOf.get(t.id))).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));

    // 30 fans pay; then 40 ticks and 40 polls race to hand out their slots.
    const payers = await prisma.queueToken.findMany({
      where: { status: "ACTIVE" },
      select: { userId: true },
      take: 30,
    });
    for (const t of payers) await endActiveTokenAfterPayment(prisma, t.userId, GENERAL_ROOM_ID, new Date());
    await Promise.all([
      ...Array.from({ length: 40 }, () => admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true })),
      ...waiting.slice(0, 40).map((r) => poll(r.body.token)),
    ]);
    expect(await liveActiveCount(new Date())).toBe(50);
    const admitted = await prisma.queueToken.findMany({
      where: { activatedAt: { not: null } },
      select: { seq: true },
      orderBy: { seq: "asc" },
    });
    expect(admitted.map((t) => t.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it("takes a WAIT token that is not polled for the idle timeout out of the line", async () => {
    await resetQueue({ capacity: 1 });
    setNow(at(0));
    const [holder, quiet, keen] = (await joinAll(await createUsers(3))) as [Issued, Issued, Issued];
    expect(holder.status).toBe("ACTIVE");
    await extendActiveToken(prisma, holder.tokenId, at(10_000), at(0)); // a long seat hold keeps the slot taken
    setNow(at(200));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", position: 2 });
    // quiet has not polled since it joined: at 300 s it lapses, and keen moves up.
    setNow(at(299));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", position: 2 });
    setNow(at(301));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", position: 1 });
    expect((await poll(quiet.token)).body).toMatchObject({
      status: "EXPIRED",
      position: 0,
      expiredAt: at(300).toISOString(),
    });
    expect(await statusOf(quiet.tokenId)).toBe("EXPIRED"); // the tick took it out of the line
    // keen's deadline moved to 599 at 299 (the poll at 301 moved it less than the refresh gap).
    setNow(at(598));
    expect((await poll(keen.token)).body).toMatchObject({ status: "WAIT", expiredAt: at(898).toISOString() });
    setNow(at(898));
    expect((await poll(keen.token)).body).toMatchObject({ status: "EXPIRED", position: 0, estimatedWaitSeconds: null });
    expect(await statusOf(holder.tokenId)).toBe("ACTIVE"); // the hold still runs
  });

  it("a poll moves the idle deadline only when it moves by more than a few seconds", async () => {
    await resetQueue({ capacity: 1 });
    setNow(at(0));
    const [, waiting] = (await joinAll(await createUsers(2))) as [Issued, Issued];
    setNow(at(3));
    expect((await poll(waiting.token)).body.expiredAt).toBe(at(300).toISOString()); // moved 3 s: no write
    setNow(at(6));
    expect((await poll(waiting.token)).body.expiredAt).toBe(at(306).toISOString());
    const row = await prisma.queueToken.findUniqueOrThrow({ where: { id: waiting.tokenId } });
    expect(row.expiresAt).toEqual(at(306));
    expect(row.lastSeenAt).toEqual(at(6));
  });

  it("frees an expired ACTIVE slot without any job running, and admits the next fan", async () => {
    await resetQueue({ capacity: 1 });
    setNow(at(0));
    const [first, second] = (await joinAll(await createUsers(2))) as [Issued, Issued];
    expect([first.status, second.status]).toEqual(["ACTIVE", "WAIT"]);
    setNow(at(250));
    expect((await poll(second.token)).body).toMatchObject({ status: "WAIT", position: 1 });
    // At 300 s the first token lapses by itself: nothing wrote to the database in between, yet capacity
    // counts it free, and the very poll that notices admits the second fan.
    expect(await liveActiveCount(at(300))).toBe(0);
    expect(await statusOf(first.tokenId)).toBe("ACTIVE");
    setNow(at(300));
    const promoted = await poll(second.token);
    expect(promoted.body).toMatchObject({ status: "ACTIVE", position: 0, expiredAt: at(600).toISOString() });
    expect((await poll(first.token)).body.status).toBe("EXPIRED");
    expect(await liveActiveCount(at(300))).toBe(1);
  });

  it("does not revive a lapsed ACTIVE token through a seat hold", async () => {
    await resetQueue({ capacity: 1 });
    setNow(at(0));
    const [first] = (await joinAll(await createUsers(1))) as [Issued];
    await extendActiveToken(prisma, first.tokenId, at(400), at(301)); // too late: it ended at 300
    expect(await liveActiveCount(at(350))).toBe(0);
    await extendActiveToken(prisma, first.tokenId, at(400), at(299)); // in time: extended
    expect(await liveActiveCount(at(350))).toBe(1);
  });

  it("a seat hold that commits after a tick either keeps its slot or stays dead: never both", async () => {
    await resetQueue({ capacity: 1 });
    const [firstUser, secondUser] = (await createUsers(2)) as [number, number];
    setNow(at(0));
    const [first] = (await joinAll([firstUser])) as [Issued];
    setNow(at(200)); // joins later, so still waiting (not idle) at 301 s
    const [second] = (await joinAll([secondUser])) as [Issued];
    expect([first.status, second.status]).toEqual(["ACTIVE", "WAIT"]);
    // A booking transaction extends the first token at 299 s (in time by its clock) and stays open while
    // a tick runs at 301 s (a later request, or another instance whose clock runs ahead), then commits.
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let extended!: () => void;
    const extendedNow = new Promise<void>((resolve) => (extended = resolve));
    const booking = prisma.$transaction(async (tx) => {
      await extendActiveToken(tx, first.tokenId, at(599), at(299));
      extended();
      await committed;
    });
    await extendedNow;
    const tick = admitWaitingFans(GENERAL_ROOM_ID, at(301), { wait: true, force: true });
    await waitUntilBlockedOnLock("queue_admit", tick); // the tick reaches the held token's row lock
    commit();
    await booking;
    await tick;
    expect(await prisma.queueToken.count({ where: { status: "ACTIVE" } })).toBe(1);
    expect(await liveActiveCount(at(301))).toBe(1);
    expect(await statusOf(first.tokenId)).toBe("ACTIVE"); // the hold committed first: it keeps the slot
    expect(await statusOf(second.tokenId)).toBe("WAIT");
  });

  it("a seat hold that reaches the token while a tick is retiring it finds it gone", async () => {
    await resetQueue({ capacity: 1 });
    const [firstUser, secondUser] = (await createUsers(2)) as [number, number];
    setNow(at(0));
    const [first] = (await joinAll([firstUser])) as [Issued];
    setNow(at(200));
    const [second] = (await joinAll([secondUser])) as [Issued];
    // The tick at 301 s runs in a transaction held open after it: it has retired the first token and
    // admitted the second, uncommitted, when a seat hold whose clock reads 299 s tries to extend the first.
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let ticked!: () => void;
    const tickedNow = new Promise<void>((resolve) => (ticked = resolve));
    const tick = prisma.$transaction(async (tx) => {
      const store = new PostgresQueueStore(tx as unknown as Db);
      const outcome = await store.admit({
        roomId: GENERAL_ROOM_ID,
        now: at(301),
        envCapacity: 1,
        envAdmitPerSecond: null,
        wait: true,
        minIntervalMs: 0,
        activeTtlSeconds: 300,
      });
      ticked();
      await committed;
      return outcome;
    });
    await tickedNow;
    const hold = extendActiveToken(prisma, first.tokenId, at(599), at(299));
    await waitUntilBlockedOnLock("GREATEST(expires_at", hold);
    commit();
    expect((await tick)?.admitted.map((a) => a.id)).toEqual([second.tokenId]);
    await hold;
    expect(await statusOf(first.tokenId)).toBe("EXPIRED");
    expect(await statusOf(second.tokenId)).toBe("ACTIVE");
    expect(await prisma.queueToken.count({ where: { status: "ACTIVE" } })).toBe(1);
    expect(await liveActiveCount(at(299))).toBe(1);
  });

  it("a tick retires every lapsed ACTIVE token, so a lagging clock cannot revive one it handed on", async () => {
    const capacity = 1200; // more than one sweep batch of WAIT tokens (1000)
    await resetQueue({ capacity });
    const users = await createUsers(2 * capacity);
    await prisma.$executeRaw`INSERT INTO queue_tokens (user_id, status, created_at, last_seen_at, expires_at)
      SELECT u, 'WAIT', ${at(0)}::timestamptz, ${at(0)}::timestamptz, ${at(3600)}::timestamptz
      FROM unnest(${users}::int[]) WITH ORDINALITY AS t(u, n) ORDER BY n`;
    await admitWaitingFans(GENERAL_ROOM_ID, at(0), { wait: true, force: true });
    const first = await prisma.queueToken.findMany({ where: { status: "ACTIVE" }, select: { id: true } });
    expect(first.length).toBe(capacity);

    // All of them lapse at 300 s; a tick at 301 s hands every slot to the next fans in line.
    await admitWaitingFans(GENERAL_ROOM_ID, at(301), { wait: true, force: true });
    expect(await prisma.queueToken.count({ where: { status: "ACTIVE" } })).toBe(capacity);
    // Seat holds from an instance whose clock still reads 299 s find nothing to extend.
    await Promise.all(first.map((t) => extendActiveToken(prisma, t.id, at(599), at(299))));
    expect(await liveActiveCount(at(301))).toBe(capacity);
    expect(await prisma.queueToken.count({ where: { id: { in: first.map((t) => t.id) }, status: "ACTIVE" } })).toBe(0);
  });

  it("admits nobody while paused, and resumes in order", async () => {
    await resetQueue({ capacity: 5, paused: true });
    setNow(at(0));
    const fans = await joinAll(await createUsers(3));
    expect(fans.map((f) => f.status)).toEqual(["WAIT", "WAIT", "WAIT"]);
    expect((await poll(fans[0]!.token)).body).toMatchObject({ position: 1, estimatedWaitSeconds: null });
    await setQueueSettings({ paused: false });
    setNow(at(2));
    expect((await poll(fans[2]!.token)).body).toMatchObject({ status: "ACTIVE" });
    expect(await liveActiveCount(at(2))).toBe(3);
  });

  it("spreads admissions with the admit-per-second cap", async () => {
    await resetQueue({ capacity: 100, rate: 5 });
    setNow(at(0));
    const fans = await Promise.all((await createUsers(20)).map((id) => join(id)));
    expect(fans.every((f) => f.status === 200)).toBe(true);
    expect(await liveActiveCount(at(0))).toBeLessThanOrEqual(5);
    await admitWaitingFans(GENERAL_ROOM_ID, at(0), { wait: true, force: true });
    expect(await liveActiveCount(at(0))).toBe(5); // the bucket holds one second's worth
    setNow(at(1));
    await poll(fans[0]!.body.token);
    expect(await liveActiveCount(at(1))).toBe(10);
    setNow(at(1.4)); // not due yet, and the bucket holds only 2 more
    await admitWaitingFans(GENERAL_ROOM_ID, at(1.4), { wait: true, force: true });
    expect(await liveActiveCount(at(1.4))).toBe(12);
  });

  it("takes capacity from the environment when the row says NULL, and from the row when set", async () => {
    process.env.QUEUE_ACTIVE_CAPACITY = "2";
    await resetQueue({ capacity: null }); // re-reads the environment
    setNow(at(0));
    const fans = await joinAll(await createUsers(4));
    expect(fans.map((f) => f.status)).toEqual(["ACTIVE", "ACTIVE", "WAIT", "WAIT"]);
    await setQueueSettings({ capacity: 3 }); // an operator raises it at run time
    setNow(at(1));
    await poll(fans[3]!.token);
    expect(await liveActiveCount(at(1))).toBe(3);
    expect(await statusOf(fans[2]!.tokenId)).toBe("ACTIVE");
  });
});

describe("position and ETA", () => {
  it("estimates from the admission rate actually observed, and has none before any admission", async () => {
    await resetQueue({ capacity: 2, paused: true });
    setNow(at(0));
    const fans = await joinAll(await createUsers(6));
    expect((await poll(fans[5]!.token)).body).toMatchObject({ position: 6, estimatedWaitSeconds: null });
    await setQueueSettings({ paused: false });
    setNow(at(1));
    await poll(fans[5]!.token); // this tick admits 2
    setNow(at(2));
    // 2 admissions in the 120 s window: 1/60 per second, so position 4 is 240 s away.
    const res = await poll(fans[5]!.token);
    expect(res.body).toMatchObject({ status: "WAIT", position: 4, estimatedWaitSeconds: 240 });
    expect(res.headers.get("retry-after")).toBe("2");
  });

  it("stays exact (equal to a brute-force count) through random lapses and admissions", async () => {
    await resetQueue({ capacity: 20 });
    setNow(at(0));
    const fans = await Promise.all((await createUsers(300)).map((id) => join(id)));
    const tokens = fans.map((f) => f.body as Issued);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 1; round <= 5; round++) {
      const now = at(round * 10);
      // Some waiting fans walk away (their deadline passes), some ACTIVE fans pay.
      const waiting = await prisma.queueToken.findMany({ where: { status: "WAIT" }, select: { id: true } });
      const walkAway = waiting.filter(() => random() < 0.15).map((t) => t.id);
      await prisma.queueToken.updateMany({ where: { id: { in: walkAway } }, data: { expiresAt: at(round * 10 - 1) } });
      const active = await prisma.queueToken.findMany({ where: { status: "ACTIVE" }, select: { userId: true } });
      for (const t of active.filter(() => random() < 0.5))
        await endActiveTokenAfterPayment(prisma, t.userId, GENERAL_ROOM_ID, now);
      await admitWaitingFans(GENERAL_ROOM_ID, now, { wait: true, force: true });
      setNow(now);
      const sample = tokens.filter(() => random() < 0.3);
      for (const t of sample) {
        const res = await poll(t.token);
        const expected = res.body.status === "WAIT" ? await bruteForcePosition(t.tokenId, now) : 0;
        expect(res.body.position, `round ${round}, token ${t.tokenId}`).toBe(expected);
      }
    }
    expect(await prisma.queueToken.count({ where: { status: "WAIT" } })).toBeGreaterThan(50);
  });
});
