import type { PrismaClient } from "../../lib/db/generated/client";
import { extendActiveToken } from "../../lib/queue/active-token-lifecycle";
import { encodeQueueToken } from "../../lib/queue/queue-token-codec";
import { createFans, insertWaitingTokens } from "./fixtures";
import { admitAllWaiting, emptyQueue } from "./queue-control";

// "A full room and a long line": the state in which waiting fans poll. Reuses what is already there
// (after scenario 2, or scenario 8) and tops it up with fans inserted at the end of the line.
export async function fullRoomWithLine(
  prisma: PrismaClient,
  options: { capacity: number; waiting: number; idleSeconds: number },
): Promise<{ waitingTokens: string[]; activeTokens: { id: number; userId: number; token: string }[] }> {
  let active = await liveTokens(prisma, "ACTIVE");
  if (active.length < Math.min(options.capacity, 1)) {
    await emptyQueue(prisma);
    const holders = await createFans(prisma, options.capacity);
    await insertWaitingTokens(prisma, holders, options.idleSeconds);
    await admitAllWaiting(prisma, null);
    active = await liveTokens(prisma, "ACTIVE");
  }
  // Admitted fans keep their slot for the whole measurement (as a seat hold would keep it).
  const until = new Date(Date.now() + 600_000);
  for (const t of active) await extendActiveToken(prisma, t.id, until);
  let waiting = await liveTokens(prisma, "WAIT");
  if (waiting.length < options.waiting) {
    const more = await createFans(prisma, options.waiting - waiting.length);
    await insertWaitingTokens(prisma, more, options.idleSeconds);
    waiting = await liveTokens(prisma, "WAIT");
  }
  return { waitingTokens: waiting.map((t) => t.token), activeTokens: active };
}

async function liveTokens(prisma: PrismaClient, status: "WAIT" | "ACTIVE") {
  const rows = await prisma.$queryRaw<{ id: number; userId: number }[]>`
    SELECT id, user_id AS "userId" FROM queue_tokens
    WHERE status = ${status}::"QueueTokenStatus" AND expires_at > now() + interval '30 seconds' ORDER BY seq`;
  return rows.map((r) => ({ id: r.id, userId: r.userId, token: encodeQueueToken(r.id) }));
}
