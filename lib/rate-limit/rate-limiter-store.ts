import "server-only";
import { Redis } from "ioredis";
import pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { config } from "../config";
import { databaseUrl } from "../db/prisma";
import { logger } from "../observability/logger";

// Where the limits' counters live, shared by every app instance: PostgreSQL (the `rate_limits` table, on a
// small pool of its own) unless REDIS_URL names a Redis. Each limiter also keeps an in-memory "insurance"
// limiter with the same numbers, which rate-limiter-flexible falls back to while the store is unreachable, so a
// Redis outage makes limits per process for a while instead of failing requests.

export type Limiter = RateLimiterAbstract;
export type LimitSpec = { name: string; points: number; durationSeconds: number };

const POSTGRES_POOL_SIZE = 4;
let pool: { url: string; pool: pg.Pool } | undefined;
let redis: { url: string; client: Redis; ready: Promise<void> } | undefined;
const limiters = new Map<string, Limiter>();

/** One limiter per name and numbers (tests change the configuration between cases). */
export function limiter(spec: LimitSpec): Limiter {
  const { REDIS_URL, RATE_LIMIT_KEY_PREFIX } = config();
  const keyPrefix = `${RATE_LIMIT_KEY_PREFIX}${spec.name}`;
  const id = `${REDIS_URL ?? "pg"}|${keyPrefix}|${spec.points}|${spec.durationSeconds}`;
  let found = limiters.get(id);
  if (!found) {
    const options = { keyPrefix, points: spec.points, duration: spec.durationSeconds };
    const insuranceLimiter = new RateLimiterMemory(options);
    found = REDIS_URL
      ? new RateLimiterRedis({ ...options, storeClient: redisClient(REDIS_URL), insuranceLimiter })
      : new RateLimiterPostgres({
          ...options,
          storeClient: postgresPool(),
          storeType: "pool",
          tableName: "rate_limits",
          tableCreated: true, // by the migration: the app never runs DDL
          // One limiter sweeps the shared table (rows expired over an hour ago, every five minutes).
          clearExpiredByTimeout: limiters.size === 0,
          insuranceLimiter,
        });
    limiters.set(id, found);
  }
  return found;
}

/** Waits briefly for Redis after start-up, so the first requests count in the shared store, not in memory. */
export async function storeReady(): Promise<void> {
  const { REDIS_URL } = config();
  if (!REDIS_URL) return;
  redisClient(REDIS_URL);
  await Promise.race([redis!.ready, new Promise((resolve) => setTimeout(resolve, 1_000))]);
}

export function isLimited(value: unknown): value is RateLimiterRes {
  return value instanceof RateLimiterRes;
}

function postgresPool(): pg.Pool {
  const url = databaseUrl();
  if (pool?.url !== url) {
    const created = new pg.Pool({ connectionString: url, max: POSTGRES_POOL_SIZE, idleTimeoutMillis: 30_000 });
    created.on("error", (error) => logger.error({ err: error }, "rate limits: idle PostgreSQL client failed"));
    pool = { url, pool: created };
  }
  return pool.pool;
}

function redisClient(url: string): Redis {
  if (redis?.url !== url) {
    // No offline queue: while Redis is unreachable a command fails at once and the insurance limiter answers.
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    let logged = false;
    client.on("error", (error) => {
      if (!logged) logger.error({ err: error }, "rate limits: Redis unreachable, limits count per process meanwhile");
      logged = true;
    });
    client.on("ready", () => (logged = false));
    const ready = new Promise<void>((resolve) => client.once("ready", () => resolve()));
    redis = { url, client, ready };
  }
  return redis.client;
}

/** Closes the store's connections (tests and scripts that must exit). */
export async function closeRateLimitStore(): Promise<void> {
  limiters.clear();
  const [p, r] = [pool, redis];
  pool = undefined;
  redis = undefined;
  await Promise.all([p?.pool.end(), r?.client.quit().catch(() => r.client.disconnect())]);
}
