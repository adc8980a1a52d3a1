import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { hashApiKey, newApiKey } from "../../lib/api-keys/api-key-hash";
import type { PrismaClient } from "../../lib/db/generated/client";
import { encodeQueueToken } from "../../lib/queue/queue-token-codec";

// Rows the scenarios need, written with the project's own client and helpers. Fans are created in bulk
// with one statement each (tens of thousands per scenario); a fan who will pay starts with a balance that
// is also a ledger CHARGE, so balance = SUM(ledger) holds from the start, as in lib/db/seed.ts.
let batch = 0;

export async function createFans(prisma: PrismaClient, count: number, balance = 0): Promise<number[]> {
  const tag = `${Date.now().toString(36)}${++batch}`;
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    WITH created AS (
      INSERT INTO users (email, password_hash, name, balance)
      SELECT 'bench-' || ${tag} || '-' || g || '@bench.test', 'not-a-password-hash', 'Bench Fan ' || g, ${balance}::int
      FROM generate_series(1, ${count}::int) AS g
      ORDER BY g
      RETURNING id
    ), charged AS (
      INSERT INTO wallet_ledger (user_id, kind, amount, balance_after)
      SELECT id, 'CHARGE'::"LedgerKind", ${balance}::int, ${balance}::int FROM created WHERE ${balance}::int > 0
    )
    SELECT id FROM created ORDER BY id`;
  return rows.map((r) => r.id);
}

type Identity = "cookie" | "apikey";

/**
 * Request headers that identify each fan: a next-auth session cookie signed with the server's
 * AUTH_SECRET (what a browser sends), or a personal API key stored hashed (what a partner sends).
 */
export async function identityHeaders(
  prisma: PrismaClient,
  userIds: number[],
  kind: Identity,
  secret: string,
  /** Told of the cookies' sessions (the Redis store's session cache, as sign-in fills it). */
  signedIn?: (sessions: { id: string; userId: number }[]) => Promise<void>,
): Promise<Record<string, string>[]> {
  if (kind === "apikey") {
    const keys = userIds.map((userId) => ({ userId, key: newApiKey() }));
    await prisma.apiKey.createMany({
      data: keys.map(({ userId, key }) => ({
        userId,
        name: "bench",
        prefix: key.slice(0, 12),
        keyHash: hashApiKey(key),
      })),
    });
    return keys.map(({ key }) => ({ "x-api-key": key }));
  }
  // Each cookie names a live session row (sign-out revokes it; a cookie without one is refused).
  const sessions = userIds.map((userId) => ({ userId, id: randomBytes(16).toString("base64url") }));
  for (let i = 0; i < sessions.length; i += 10_000) {
    await prisma.session.createMany({ data: sessions.slice(i, i + 10_000) });
  }
  await signedIn?.(sessions);
  const headers: Record<string, string>[] = [];
  for (const { userId, id } of sessions) {
    const token = await encode({ token: { sub: String(userId), sid: id }, secret, maxAge: 24 * 3600 });
    headers.push({ cookie: `next-auth.session-token=${token}` });
  }
  return headers;
}

/**
 * WAIT tokens inserted the way the queue store's createToken does (its trigger gives each a join number),
 * in the order of `userIds`. Returns the token strings clients send.
 */
export async function insertWaitingTokens(
  prisma: PrismaClient,
  userIds: number[],
  idleSeconds: number,
): Promise<{ id: number; token: string }[]> {
  const out: { id: number; token: string }[] = [];
  for (let i = 0; i < userIds.length; i += 10_000) {
    const slice = userIds.slice(i, i + 10_000);
    const rows = await prisma.$queryRaw<{ id: number }[]>`
      INSERT INTO queue_tokens (user_id, status, created_at, last_seen_at, expires_at)
      SELECT u, 'WAIT', now(), now(), now() + make_interval(secs => ${idleSeconds}::int)
      FROM unnest(${slice}::int[]) WITH ORDINALITY AS t(u, n)
      ORDER BY n
      RETURNING id`;
    out.push(...rows.sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, token: encodeQueueToken(r.id) })));
  }
  return out;
}

export async function createConcert(prisma: PrismaClient, seats: number, price = 10_000) {
  const day = 24 * 3600 * 1000;
  const concert = await prisma.concert.create({
    data: {
      name: `Bench Concert ${++batch}`,
      artist: "Bench Artist",
      venue: "Loopback Arena",
      schedules: { create: { concertAt: new Date(Date.now() + 30 * day), reservationAt: new Date(Date.now() - day) } },
    },
    include: { schedules: true },
  });
  const [schedule] = concert.schedules;
  if (!schedule) throw new Error(`bench concert ${concert.id} was created without its schedule`);
  const scheduleId = schedule.id;
  await prisma.seat.createMany({
    data: Array.from({ length: seats }, (_, i) => ({ scheduleId, seatNumber: i + 1, price })),
  });
  const seatRows = await prisma.seat.findMany({
    where: { scheduleId },
    orderBy: { seatNumber: "asc" },
    select: { id: true },
  });
  return { concertId: concert.id, scheduleId, seatIds: seatRows.map((s) => s.id) };
}
