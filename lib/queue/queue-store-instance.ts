import "server-only";
import { config } from "../config";
import { prisma } from "../db/prisma";
import { PostgresQueueStore } from "./postgres-queue-store";
import type { QueueStore } from "./queue-store";
import { RedisQueueStore } from "./redis-queue-store";

// The one place that picks the storage engine: Redis when REDIS_URL is set (unless QUEUE_STORE=postgres),
// else Postgres (the embedded `npm start` needs no Redis). docs/decisions/0014-redis-queue-store.md.
let store: QueueStore | undefined;

export function queueStore(): QueueStore {
  if (!store) {
    const { REDIS_URL, QUEUE_STORE, REDIS_QUEUE_PREFIX } = config();
    store =
      REDIS_URL && QUEUE_STORE !== "postgres"
        ? RedisQueueStore.connect(REDIS_URL, prisma, REDIS_QUEUE_PREFIX)
        : new PostgresQueueStore(prisma);
  }
  return store;
}

/** Tests run the same cases over both stores. */
export function setQueueStoreForTests(next: QueueStore | undefined): void {
  store = next;
}
