import * as statusRoute from "@/app/api/queue/status/route";
import * as tokenRoute from "@/app/api/queue/token/users/[userId]/route";
import { resetConfigForTests } from "@/lib/config";
import { prisma } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { clock } from "@/lib/http/with-route";
import { call, sessionCookie } from "./http";

// Waiting-room helpers: every call goes through the real route handlers against the test's database.

const realNow = clock.now;

/** Fixes the injected clock at `date` (the queue's own code and the routes read the same clock). */
export function setNow(date: Date): void {
  clock.now = () => date;
}

/** An empty waiting room with the given knobs (NULL columns follow the environment). */
export async function resetQueue(settings: { capacity?: number | null; rate?: number | null; paused?: boolean } = {}) {
  clock.now = realNow;
  resetConfigForTests();
  await prisma.$executeRawUnsafe(`TRUNCATE queue_tokens, queue_departures`);
  await prisma.$executeRawUnsafe(`UPDATE queue_counters SET last_seq = 0`);
  await prisma.$executeRawUnsafe(`UPDATE queue_admission SET last_tick_at = NULL, allowance = 0, free_slots = 1,
    window_started_at = NULL, window_count = 0, previous_window_count = 0, admitted_total = 0`);
  await setQueueSettings({
    capacity: settings.capacity ?? null,
    rate: settings.rate ?? null,
    paused: settings.paused ?? false,
  });
}

export async function setQueueSettings(settings: { capacity?: number | null; rate?: number | null; paused?: boolean }) {
  await prisma.queueRoom.update({
    where: { id: 1 },
    data: {
      ...(settings.capacity !== undefined && { activeCapacity: settings.capacity }),
      ...(settings.rate !== undefined && { admitPerSecond: settings.rate }),
      ...(settings.paused !== undefined && { paused: settings.paused }),
    },
  });
}

export async function join(userId: number, headers?: Record<string, string>) {
  return call(tokenRoute.POST, "POST", `/api/queue/token/users/${userId}`, {
    params: { userId: String(userId) },
    headers: headers ?? (await sessionCookie(userId)),
  });
}

export async function lookup(userId: number, headers?: Record<string, string>) {
  return call(tokenRoute.GET, "GET", `/api/queue/token/users/${userId}`, {
    params: { userId: String(userId) },
    headers: headers ?? (await sessionCookie(userId)),
  });
}

export async function poll(token: string | null, authorization?: string) {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  return call(statusRoute.GET, "GET", "/api/queue/status", { headers });
}

/** Live ACTIVE tokens as the database sees them right now (one statement, one snapshot). */
export async function liveActiveCount(at: Date = clock.now()): Promise<number> {
  const { n } = oneRow(
    await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM queue_tokens WHERE status = 'ACTIVE' AND expires_at > ${at}::timestamptz`,
  );
  return n;
}

/** The brute-force position (what the tree sum must equal): 1 + live WAIT tokens with a smaller join number. */
export async function bruteForcePosition(tokenId: number, at: Date): Promise<number> {
  const { n } = oneRow(
    await prisma.$queryRaw<{ n: number }[]>`
    SELECT 1 + count(*)::int AS n FROM queue_tokens w, queue_tokens me
    WHERE me.id = ${tokenId} AND w.room_id = me.room_id AND w.status = 'WAIT' AND w.expires_at > ${at}::timestamptz AND w.seq < me.seq`,
  );
  return n;
}

/**
 * Resolves once a session of this database running a query that contains `queryText` waits for a lock
 * (or `work` has settled, so a test whose ordering assumption is wrong fails on its assertions, not by hanging).
 */
export async function waitUntilBlockedOnLock(queryText: string, work: Promise<unknown>): Promise<void> {
  let settled = false;
  void work.then(
    () => (settled = true),
    () => (settled = true),
  );
  const pattern = `%${queryText}%`;
  for (let i = 0; i < 1000 && !settled; i++) {
    const { n } = oneRow(
      await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE ${pattern}`,
    );
    if (n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!settled) throw new Error(`no session running ${queryText} waited for a lock`);
}

/** `count` users in one insert. */
export async function createUsers(count: number): Promise<number[]> {
  const tag = Math.random().toString(36).slice(2, 8);
  const rows = await prisma.user.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      email: `queue${i}-${tag}@example.test`,
      name: "Queue Fan",
      passwordHash: "x",
    })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
