import "server-only";
import { prisma } from "../db/prisma";
import { IDEMPOTENCY_WINDOW_MS } from "./run-idempotent";

/**
 * The user's live record for `key` if it was made by this very request (same fingerprint: method,
 * path and body, as the wrapper computes it), finished or still running. Booking uses it to let a repeat
 * through with a queue token that has since ended: only a true replay qualifies, so an inactive token never
 * reaches the "key reused" answer, let alone the work. A record whose lease ran out with no answer and no
 * committed work is as good as absent (the next claim takes it over). One indexed read (the (user_id, key)
 * unique index).
 */
export async function findReplayableRecord(
  userId: number,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<{ id: number } | null> {
  return prisma.idempotencyRecord.findFirst({
    where: {
      userId,
      key,
      requestHash: fingerprint,
      createdAt: { gt: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) }, // same window as runIdempotent
      OR: [
        { responseStatus: { not: null } },
        { committedAt: { not: null } },
        { leaseUntil: null },
        { leaseUntil: { gt: now } },
      ],
    },
    select: { id: true },
  });
}
