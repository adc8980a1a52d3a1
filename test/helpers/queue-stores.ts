import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { prisma } from "@/lib/db/prisma";
import { PostgresQueueStore } from "@/lib/queue/postgres-queue-store";
import type { QueueStore } from "@/lib/queue/queue-store";
import { setQueueStoreForTests } from "@/lib/queue/queue-store-instance";
import { deleteQueueKeys, RedisQueueStore } from "@/lib/queue/redis-queue-store";

// Both waiting-room stores behind one factory, so one contract suite runs over each. Redis tests use the
// shared Redis on 127.0.0.1:6379 (REDIS_TEST_URL to change) under a key prefix of their own, removed after.

export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";

export type StoreKind = "postgres" | "redis";
export const STORE_KINDS: StoreKind[] = ["postgres", "redis"];

export type TestStore = {
  kind: StoreKind;
  store: QueueStore;
  /** Moves a WAIT token's deadline (a fan who walked away at that moment), behind the store's back. */
  setDeadline: (tokenId: number, at: Date) => Promise<void>;
  close: () => Promise<void>;
};

/** A fresh store of `kind`, installed as the app's queue store (an empty Redis prefix for Redis). */
export async function useStore(kind: StoreKind, url = REDIS_TEST_URL): Promise<TestStore> {
  if (kind === "postgres") {
    const store = new PostgresQueueStore(prisma);
    setQueueStoreForTests(store);
    return {
      kind,
      store,
      setDeadline: async (id, at) => {
        await prisma.queueToken.update({ where: { id }, data: { expiresAt: at } });
      },
      close: async () => setQueueStoreForTests(undefined),
    };
  }
  const prefix = `test:q:${randomBytes(6).toString("hex")}:`;
  const store = RedisQueueStore.connect(url, prisma, prefix);
  await store.redis.ping().catch(async () => {
    await new Promise((resolve) => store.redis.once("ready", resolve));
  });
  setQueueStoreForTests(store);
  return {
    kind,
    store,
    setDeadline: async (id, at) => {
      const room = await store.redis.hget(`${prefix}t:${id}`, "r");
      await store.redis.hset(`${prefix}t:${id}`, "e", at.getTime());
      await store.redis.zadd(`${prefix}exp:${room}`, "XX", at.getTime(), String(id));
    },
    close: async () => {
      setQueueStoreForTests(undefined);
      const cleaner = new Redis(url, { maxRetriesPerRequest: 1 });
      await deleteQueueKeys(cleaner, prefix).catch(() => {});
      await cleaner.quit().catch(() => cleaner.disconnect());
      await store.close();
    },
  };
}
