import { randomBytes } from "node:crypto";
import { resetConfigForTests } from "../../lib/config";
import { freshDatabase } from "./database";

// The set-up the in-process profiling aids share (bench/poll-micro.ts, bench/join-micro.ts): a fresh database,
// the Redis store under a key prefix of its own, limits off; then the work, then everything removed again.
export async function runInProcess(work: () => Promise<void>): Promise<never> {
  const db = await freshDatabase(console.log);
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    RATE_LIMITS: "off",
    REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_QUEUE_PREFIX: `micro:${randomBytes(3).toString("hex")}:`,
  });
  resetConfigForTests();
  try {
    await work();
  } catch (error) {
    console.error(error);
  } finally {
    const { prisma } = await import("../../lib/db/prisma");
    const { queueStore } = await import("../../lib/queue/queue-store-instance");
    const { deleteQueueKeys, RedisQueueStore } = await import("../../lib/queue/redis-queue-store");
    const store = queueStore();
    if (store instanceof RedisQueueStore) {
      await deleteQueueKeys(store.redis, store.prefix);
      await store.close();
    }
    await prisma.$disconnect();
    await db.drop();
  }
  process.exit(0);
}
