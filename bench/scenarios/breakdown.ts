import { GENERAL_ROOM_ID } from "../../lib/queue/room-rules";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { sessionUserId } from "../../lib/auth/session-cookie";
import { reserveSeat } from "../../lib/booking/reserve-seat";
import { getSeatMap } from "../../lib/catalogue/get-seat-map";
import { PrismaClient } from "../../lib/db/generated/client";
import { issueQueueToken } from "../../lib/queue/issue-queue-token";
import { decodeQueueToken } from "../../lib/queue/queue-token-codec";
import { readQueueStatus } from "../../lib/queue/read-queue-status";
import { createConcert, createFans, identityHeaders, insertWaitingTokens } from "../lib/fixtures";
import { at } from "../lib/pick";
import { admitAllWaiting } from "../lib/queue-control";
import { backendCpu, backendCpuSpent } from "../lib/proc";

// Where a request's time goes, without HTTP: each use case called one at a time in this process, with the
// same database. Wall time is mostly database round trips; CPU time is ours plus Prisma's. The difference
// between a row's CPU ms/request over HTTP and these is the framework (Next.js, the route wrapper).
export type Step = { name: string; calls: number; wallMs: number; cpuMs: number; dbCpuMs: number };

let database = "";

async function time(name: string, calls: number, fn: (i: number) => Promise<unknown>): Promise<Step> {
  for (let i = 0; i < Math.min(5, calls); i++) await fn(i).catch(() => {}); // warm (JIT, prepared paths)
  const backends = backendCpu(database);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn(i).catch(() => {});
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  const dbCpu = backendCpuSpent(backends, backendCpu(database));
  return {
    name,
    calls,
    wallMs: wall / calls,
    cpuMs: (used.user + used.system) / 1000 / calls,
    dbCpuMs: (dbCpu * 1000) / calls,
  };
}

/**
 * The same use cases with the Prisma client's pg adapter naming its statements (`statementNameGenerator`),
 * so each connection prepares a statement once instead of PostgreSQL parsing and planning it on every
 * call. lib/db/prisma.ts keeps its client on globalThis; it is swapped for the duration of `work`.
 */
async function withPreparedStatements<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as unknown as { prisma?: PrismaClient };
  const original = holder.prisma;
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: 2 },
    { statementNameGenerator: (query) => `p_${createHash("sha1").update(query.sql).digest("hex")}` },
  );
  const prepared = new PrismaClient({ adapter });
  holder.prisma = prepared;
  try {
    return await work();
  } finally {
    holder.prisma = original;
    await prepared.$disconnect();
  }
}

export async function measureUseCases(
  prisma: PrismaClient,
  databaseUrl: string,
  authSecret: string,
  n = 200,
): Promise<Step[]> {
  database = new URL(databaseUrl).pathname.slice(1);
  const fans = await createFans(prisma, n + 20);
  const sessionCookie = at(await identityHeaders(prisma, fans.slice(0, 1), "cookie", authSecret), 0, "fan").cookie;
  if (sessionCookie === undefined) throw new Error("identityHeaders gave no cookie header");
  const waiting = await prisma.queueToken.findMany({
    where: { status: "WAIT", expiresAt: { gt: new Date() } },
    take: n,
    select: { id: true },
  });
  const schedule = await prisma.schedule.findFirstOrThrow({
    where: { concertAt: { gt: new Date() } },
    orderBy: { id: "asc" },
  });
  // Fans with ACTIVE tokens: a concert whose seats they take one each (winners), and one taken seat
  // they all try again (losers, the common case in a race).
  const holders = fans.slice(n, n + 20);
  const tokens = await insertWaitingTokens(prisma, holders, 300);
  await admitAllWaiting(prisma, null);
  const concert = await createConcert(prisma, 41);
  const steps: Step[] = [];
  // The price of one round trip through each layer, for the smallest statement there is.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    steps.push(await time("SELECT 1 via node-postgres (pg.Pool)", n, () => pool.query("SELECT 1")));
    steps.push(await time("SELECT 1 via Prisma $queryRaw", n, () => prisma.$queryRaw`SELECT 1`));
    steps.push(
      await time("SELECT 1 in a Prisma interactive $transaction", n, () =>
        prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`),
      ),
    );
  } finally {
    await pool.end();
  }
  steps.push(
    await time("decode queue token (HMAC)", n, async () => decodeQueueToken(at(tokens, 0, "queue token").token)),
  );
  steps.push(await time("decode session cookie (next-auth JWE)", n, async () => sessionUserId(sessionCookie)));
  const hold = (i: number, seat: number) =>
    reserveSeat({
      userId: at(holders, i % 20, "holder"),
      concertId: concert.concertId,
      scheduleId: concert.scheduleId,
      seatId: at(concert.seatIds, seat, "seat"),
      token: { tokenId: at(tokens, i % 20, "queue token").id, roomId: GENERAL_ROOM_ID },
      now: new Date(),
    });
  const runUseCases = async (suffix: string, seats: number[]) => {
    if (waiting.length) {
      // The first poll of a token moves its idle deadline (a write); a poll within 5 s of it does not.
      const batch = waiting.slice(
        suffix ? Math.floor(waiting.length / 2) : 0,
        suffix ? waiting.length : Math.floor(waiting.length / 2),
      );
      steps.push(
        await time(`status poll, refreshing the deadline${suffix}`, batch.length, (i) =>
          readQueueStatus(at(batch, i, "waiting token").id, new Date()),
        ),
      );
      steps.push(
        await time(`status poll, read only (polled again at once)${suffix}`, batch.length, (i) =>
          readQueueStatus(at(batch, i, "waiting token").id, new Date()),
        ),
      );
    }
    steps.push(
      await time(`seat map (getSeatMap)${suffix}`, n, () =>
        getSeatMap(schedule.concertId, schedule.id, { roomId: GENERAL_ROOM_ID }, new Date()),
      ),
    );
    steps.push(
      await time(`reservation, winner (reserveSeat)${suffix}`, seats.length, (i) => hold(i, at(seats, i, "seat"))),
    );
    steps.push(await time(`reservation, loser: seat taken (reserveSeat)${suffix}`, n, (i) => hold(i, 0)));
  };
  await hold(0, 0); // the seat every loser tries
  await runUseCases("", range(1, 21));
  steps.push(
    await time("queue join, room full (issueQueueToken)", n, (i) =>
      issueQueueToken(at(fans, i, "fan"), null, new Date()),
    ),
  );
  await withPreparedStatements(databaseUrl, () => runUseCases(" [prepared]", range(21, 41)));
  return steps;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
