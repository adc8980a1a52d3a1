import { ledgerInvariants, saleChecks, seatOccupancy } from "../lib/checks";
import type { Ctx, Row, ScenarioResult } from "../lib/context";
import { createConcert, createFans, identityHeaders } from "../lib/fixtures";
import { emptyQueue, setCapacity } from "../lib/queue-control";
import { at } from "../lib/pick";
import { startUsageSampler } from "../lib/proc";

// 7. The ticket drop, end to end: N fans join at once; each follows Retry-After, and when admitted reads
// the seat map, holds a random AVAILABLE seat and pays. Reports time to sell out, whether admission
// followed join order, and how many requests a fan needed.
const PRICE = 10_000;

export async function ticketDrop(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const { fans: fanCount, seats, capacity, limitSeconds } = ctx.opts.sizes.drop;
  await emptyQueue(ctx.prisma);
  await setCapacity(ctx.prisma, capacity);
  const concert = await createConcert(ctx.prisma, seats, PRICE);
  const ids = await createFans(ctx.prisma, fanCount, PRICE * 2);
  const headers = await identityHeaders(ctx.prisma, ids, ctx.opts.identity, ctx.authSecret);
  const sampler = startUsageSampler(ctx.app.pids);
  const result = await ctx.load.drop({
    base: ctx.base,
    fans: ids.map((userId, i) => ({ userId, headers: at(headers, i, "fan headers") })),
    concertId: concert.concertId,
    scheduleId: concert.scheduleId,
    seats,
    limitSeconds,
    maxSockets: 256,
  });
  const usage = sampler.stop();
  await setCapacity(ctx.prisma, null);

  const occupancy = await seatOccupancy(ctx.prisma, concert.scheduleId);
  const tokens = await ctx.prisma.$queryRaw<
    { id: number; userId: number; seq: number; activatedAt: Date | null; endedAt: Date | null; expiresAt: Date }[]
  >`
    SELECT id, user_id AS "userId", seq, activated_at AS "activatedAt", ended_at AS "endedAt", expires_at AS "expiresAt"
    FROM queue_tokens WHERE user_id = ANY(${ids}::int[]) ORDER BY seq`;
  const admitted = tokens.filter((t) => t.activatedAt !== null);
  // Admission order versus join order, from the database (tokens in join order).
  const order = admissionOrder(tokens.map((t) => t.activatedAt?.getTime() ?? null));
  const dbInversions = order.inversions;
  // The same as fans saw it: when their poll first said ACTIVE (blurred by the Retry-After pacing).
  const seen = result.fans
    .filter((f) => f.admittedAtMs !== undefined && f.tokenId !== undefined)
    .sort((a, b) => a.tokenId! - b.tokenId!);
  const seenInversions = inversions(seen.map((f) => f.admittedAtMs!));
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const outcomes: Record<string, number> = {};
  for (const f of result.fans) outcomes[f.outcome] = (outcomes[f.outcome] ?? 0) + 1;
  const totalRequests = Object.values(result.requestsByKind).reduce((a, b) => a + b, 0);
  const seconds = result.elapsedMs / 1000;
  const allStatuses: Record<string, number> = {};
  for (const byStatus of Object.values(result.statusesByKind))
    for (const [s, n] of Object.entries(byStatus)) allStatuses[s] = (allStatuses[s] ?? 0) + n;
  const maxConcurrentActive = maxOverlap(
    admitted.map((t) => [t.activatedAt!.getTime(), Math.min(t.endedAt?.getTime() ?? Infinity, t.expiresAt.getTime())]),
  );
  const errors = result.fans.filter((f) => f.outcome === "error").map((f) => f.error);
  const row: Row = {
    id: "7",
    scenario: 7,
    label: `ticket drop: ${fanCount} fans, ${seats} seats (all endpoints)`,
    requests: totalRequests,
    seconds,
    rps: totalRequests / seconds,
    latency: result.latencyAll,
    statuses: allStatuses,
    socketErrors: allStatuses["0"] ?? 0,
    server: {
      ...usage,
      cpuMsPerRequest: totalRequests ? (usage.cpuSeconds * 1000) / totalRequests : 0,
      cpuPercentOfOneCore: (usage.cpuSeconds / seconds) * 100,
    },
    generatorCpuPercentOfOneCore: (result.generatorCpuSeconds / seconds) * 100,
    paced: true,
    notes: [],
  };
  const ledger = await ledgerInvariants(ctx.prisma);
  return {
    rows: [row],
    checks: [
      {
        name: "sold out",
        ok: result.soldOutAtMs !== undefined && occupancy.seatsSold === seats,
        detail: `${occupancy.seatsSold} of ${seats} seats sold in ${seconds.toFixed(1)} s`,
      },
      {
        name: "admitted in join order (database)",
        ok: order.pastGap === 0 && order.admitted > 0,
        detail: `${order.admitted} admitted, the first ${order.front} of the line; ${order.pastGap} admitted past a fan left waiting; ${dbInversions} activation-time inversions (see admissionOrder)`,
      },
      ...saleChecks(occupancy, errors),
      ...ledger,
    ],
    details: {
      fans: fanCount,
      seats,
      capacity,
      timeToSellOutSeconds: result.soldOutAtMs === undefined ? null : result.soldOutAtMs / 1000,
      outcomes,
      requestsPerFan: totalRequests / fanCount,
      requestsPerFanByKind: Object.fromEntries(
        Object.entries(result.requestsByKind).map(([k, n]) => [k, n / fanCount]),
      ),
      latencyByKind: result.latencyByKind,
      statusesByKind: result.statusesByKind,
      retryAfterSeconds: result.retryAfter,
      admissionOrder: {
        admittedTokens: admitted.length,
        databaseInversions: dbInversions,
        databaseKendallTau: admitted.length > 1 ? 1 - (2 * dbInversions) / pairs(admitted.length) : 1,
        fanObservedInversions: seenInversions,
        fanObservedKendallTau: seen.length > 1 ? 1 - (2 * seenInversions) / pairs(seen.length) : 1,
      },
      maxConcurrentActiveFromTimestamps: maxConcurrentActive,
    },
  };
}

/**
 * Whether fans were admitted in line order, from their activation times taken in line order (null: never
 * admitted). A tick stamps activated_at with the clock of the request that ran it, so where requests wait for a
 * CPU, a tick that took the room's lock after another can carry the earlier time: those inversions are reported,
 * not held against the line (CI saw 7 among 20 on a slow machine, all within one tick's latency). What a
 * first-in-first-out tick guarantees whatever its clock is the check: the admitted are the front of the line,
 * with no fan admitted past one (still polling) who was left waiting.
 */
export function admissionOrder(activatedInLineOrder: (number | null)[]) {
  const times = activatedInLineOrder.filter((t): t is number => t !== null);
  const gap = activatedInLineOrder.indexOf(null);
  const front = gap < 0 ? activatedInLineOrder.length : gap;
  const pastGap = activatedInLineOrder.slice(front).filter((t) => t !== null).length;
  return { admitted: times.length, front, pastGap, inversions: inversions(times) };
}

/** Pairs (i < j) with values[i] > values[j], by merge sort: O(n log n). Equal values are not inversions. */
export function inversions(values: number[]): number {
  const a = values.slice();
  const buffer = new Array<number>(a.length);
  let count = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length);
      const hi = Math.min(lo + 2 * width, a.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (at(a, i) <= at(a, j)) buffer[k++] = at(a, i++);
        else {
          count += mid - i;
          buffer[k++] = at(a, j++);
        }
      }
      while (i < mid) buffer[k++] = at(a, i++);
      while (j < hi) buffer[k++] = at(a, j++);
      for (let x = lo; x < hi; x++) a[x] = at(buffer, x);
    }
  }
  return count;
}

/** The largest number of [start, end) intervals that overlap at one instant. */
function maxOverlap(intervals: [number, number][]): number {
  const events = intervals
    .flatMap(
      ([s, e]) =>
        [
          [s, 1],
          [e, -1],
        ] as [number, number][],
    )
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (now += delta));
  return max;
}
