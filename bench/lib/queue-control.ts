import { GENERAL_ROOM_ID } from "../../lib/queue/room-rules";
import type { PrismaClient } from "../../lib/db/generated/client";
import { oneRow } from "../../lib/db/rows";
import { admitWaitingFans } from "../../lib/queue/admit-waiting-fans";

// Puts the waiting room into the state a scenario starts from, through the queue's own admission tick
// (so its join-order and departure bookkeeping stays exact) and its operator knobs in the general room (queue_rooms id 1).

/** Every live token lapses and is retired, as if all fans had walked away; the knobs go back to the env. */
export async function emptyQueue(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRaw`UPDATE queue_rooms SET paused = true WHERE id = 1`;
  await prisma.$executeRaw`UPDATE queue_tokens SET expires_at = now() - interval '1 second'
    WHERE status IN ('WAIT', 'ACTIVE') AND expires_at > now() - interval '1 second'`;
  for (let tick = 0; tick < 1000; tick++) {
    const outcome = await admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true });
    if (outcome && outcome.expiredWaiting === 0 && outcome.expiredActive === 0) break;
  }
  await prisma.$executeRaw`UPDATE queue_rooms SET paused = false, active_capacity = NULL, admit_per_second = NULL WHERE id = 1`;
}

/** Admits every WAIT token now (capacity lifted for one tick), then sets capacity to `capacityAfter` (null = env). */
export async function admitAllWaiting(prisma: PrismaClient, capacityAfter: number | null): Promise<number> {
  const { waiting, active } = oneRow(
    await prisma.$queryRaw<{ waiting: number; active: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'WAIT')::int AS waiting, count(*) FILTER (WHERE status = 'ACTIVE')::int AS active
    FROM queue_tokens WHERE status IN ('WAIT', 'ACTIVE') AND expires_at > now()`,
    "queue count row",
  );
  await prisma.$executeRaw`UPDATE queue_rooms SET active_capacity = ${waiting + active}::int, paused = false WHERE id = 1`;
  const outcome = await admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true });
  await prisma.$executeRaw`UPDATE queue_rooms SET active_capacity = ${capacityAfter}::int WHERE id = 1`;
  return outcome?.admitted.length ?? 0;
}

export async function setCapacity(prisma: PrismaClient, capacity: number | null): Promise<void> {
  await prisma.$executeRaw`UPDATE queue_rooms SET active_capacity = ${capacity}::int WHERE id = 1`;
}
