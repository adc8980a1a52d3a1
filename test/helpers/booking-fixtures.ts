import { prisma } from "@/lib/db/prisma";
import { encodeQueueToken } from "@/lib/queue/queue-token-codec";
import { applyBalanceChange } from "@/lib/wallet/apply-balance-change";
import { createUser } from "./fixtures";
import { sessionCookie } from "./http";

// Moved to fixtures.ts; re-exported for the tests that still import it from here.
export { apiKeyHeader } from "./fixtures";

// Booking tests skip the waiting room: a fan's ACTIVE queue token is written straight to the database.
const DAY_MS = 24 * 3600 * 1000;

export async function queueToken(
  userId: number,
  options: { status?: "WAIT" | "ACTIVE" | "EXPIRED"; expiresAt?: Date } = {},
) {
  const status = options.status ?? "ACTIVE";
  const row = await prisma.queueToken.create({
    data: {
      userId,
      status,
      activatedAt: status === "WAIT" ? null : new Date(),
      expiresAt: options.expiresAt ?? new Date(Date.now() + DAY_MS),
    },
  });
  const token = encodeQueueToken(row.id);
  return { id: row.id, token, header: { authorization: `Bearer ${token}` } };
}

/** A signed-in fan holding an ACTIVE queue token; `headers` carries both credentials. */
export async function activeFan(options: { balance?: number } = {}) {
  const user = await createUser({ balance: options.balance });
  const cookie = await sessionCookie(user.id);
  const token = await queueToken(user.id);
  return { user, id: user.id, cookie, token, headers: { ...cookie, ...token.header } };
}

/** Many fans at once (one insert per table), for the large races. */
export async function activeFans(count: number, options: { balance?: number } = {}) {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const users = await prisma.user.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      email: `crowd${i}-${tag}@example.test`,
      name: "Crowd Fan",
      passwordHash: "x",
      balance: options.balance ?? 0,
    })),
    select: { id: true },
  });
  const tokens = await prisma.queueToken.createManyAndReturn({
    data: users.map((u) => ({
      userId: u.id,
      status: "ACTIVE" as const,
      activatedAt: new Date(),
      expiresAt: new Date(Date.now() + DAY_MS),
    })),
    select: { id: true, userId: true },
  });
  return Promise.all(
    tokens.map(async (t) => {
      const cookie = await sessionCookie(t.userId);
      return { id: t.userId, tokenId: t.id, headers: { ...cookie, authorization: `Bearer ${encodeQueueToken(t.id)}` } };
    }),
  );
}

/** Snapshot of everything booking can change, to assert that a refused request changed nothing. */
export async function bookingState() {
  const [reservations, payments, ledger, users, seats, tokens, idempotency] = await Promise.all([
    prisma.reservation.findMany({ orderBy: { id: "asc" } }),
    prisma.payment.findMany({ orderBy: { id: "asc" } }),
    prisma.ledgerEntry.findMany({ orderBy: { id: "asc" } }),
    prisma.user.findMany({ orderBy: { id: "asc" }, select: { id: true, balance: true } }),
    prisma.seat.findMany({ orderBy: { id: "asc" }, select: { id: true, holdExpiresAt: true, soldAt: true } }),
    prisma.queueToken.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, expiresAt: true } }),
    prisma.idempotencyRecord.count(),
  ]);
  return { reservations, payments, ledger, users, seats, tokens, idempotency };
}

/** Funds a wallet the way a charge does (ledger row included), so ledger sum = balance holds. */
export async function fund(userId: number, amount: number): Promise<void> {
  await applyBalanceChange(prisma, { userId, delta: amount, kind: "CHARGE", now: new Date() });
}

export async function ledgerSum(userId: number): Promise<number> {
  const sum = await prisma.ledgerEntry.aggregate({ where: { userId }, _sum: { amount: true } });
  return sum._sum.amount ?? 0;
}
