import "server-only";
import { prisma } from "../db/prisma";
import { PostgresQueueStore } from "./postgres-queue-store";
import type { QueueStore } from "./queue-store";

// The one place that picks the storage engine.
let store: QueueStore | undefined;

export function queueStore(): QueueStore {
  store ??= new PostgresQueueStore(prisma);
  return store;
}
