import "server-only";
import type { Redis } from "ioredis";
import { queueStore } from "../queue/queue-store-instance";
import { RedisQueueStore } from "../queue/redis-queue-store";

// Which sessions are live, kept in the waiting room's Redis beside the line, so that a cookie-authenticated
// request (a queue join above all) need not read Postgres. Postgres's `sessions` table stays the record: an
// entry missing here (never written, expired, or lost with Redis's data) is read from Postgres and written
// back. docs/decisions/0022-joins-without-postgres.md.

/** How long an entry is trusted; also how long a sign-out missed by an unreachable Redis could go unseen. */
export const SESSION_CACHE_SECONDS = 30 * 60;
const REVOKED = "r";

export type CachedSession = { live: true; userId: number } | { live: false } | null;

export class SessionCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(sid: string): string {
    return `${this.prefix}sess:${sid}`;
  }

  /** What Redis knows of the session: live (for whom), revoked, or nothing (null: ask Postgres). */
  async read(sid: string): Promise<CachedSession> {
    const value = await this.redis.get(this.key(sid));
    if (value === null) return null;
    if (value === REVOKED) return { live: false };
    return { live: true, userId: Number(value) };
  }

  /**
   * A live session, at sign-in (`overwrite`) or read back from Postgres (only if nothing is there: a sign-out's
   * mark written since that read must win over it).
   */
  async remember(sid: string, userId: number, overwrite: boolean): Promise<void> {
    if (overwrite) await this.redis.set(this.key(sid), String(userId), "EX", SESSION_CACHE_SECONDS);
    else await this.redis.set(this.key(sid), String(userId), "EX", SESSION_CACHE_SECONDS, "NX");
  }

  /** Sign-out: the revoked mark replaces the live entry on every instance at once. */
  async revoke(sid: string): Promise<void> {
    await this.redis.set(this.key(sid), REVOKED, "EX", SESSION_CACHE_SECONDS);
  }
}

/** The cache when the waiting room is on Redis; null on the Postgres store (no Redis to keep it in). */
export function sessionCache(): SessionCache | null {
  const store = queueStore();
  if (!(store instanceof RedisQueueStore)) return null;
  if (cached?.store !== store) cached = { store, cache: new SessionCache(store.redis, store.prefix) };
  return cached.cache;
}
let cached: { store: RedisQueueStore; cache: SessionCache } | undefined;
