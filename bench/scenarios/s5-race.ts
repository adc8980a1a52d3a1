import { seatOccupancy } from "../lib/checks";
import { measureCannon, type Ctx, type ScenarioResult } from "../lib/context";
import { createConcert, createFans, identityHeaders, insertWaitingTokens } from "../lib/fixtures";
import { at } from "../lib/pick";
import { admitAllWaiting, emptyQueue } from "../lib/queue-control";
import type { Req } from "../load/protocol";

// 5. The reservation race: many admitted fans, each sending one hold request for one of the 50 seats of
// one schedule (every seat gets fans/50 racers at once). Exactly 50 may win; the database must agree.
export async function reservationRace(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const fans = ctx.opts.sizes.raceFans;
  const warmFans = ctx.opts.sizes.connections;
  await emptyQueue(ctx.prisma);
  const race = await createConcert(ctx.prisma, 50);
  const warm = await createConcert(ctx.prisma, warmFans);
  const ids = await createFans(ctx.prisma, fans + warmFans);
  const headers = await identityHeaders(ctx.prisma, ids, ctx.opts.identity, ctx.authSecret);
  const tokens = await insertWaitingTokens(ctx.prisma, ids, ctx.env.idleSeconds);
  await admitAllWaiting(ctx.prisma, null);
  const request = (i: number, target: { concertId: number; scheduleId: number; seatIds: number[] }): Req => ({
    method: "POST",
    path: "/api/concerts/reservations",
    headers: { ...at(headers, i, "fan headers"), authorization: `Bearer ${at(tokens, i, "queue token").token}` },
    body: JSON.stringify({
      userId: ids[i],
      concertId: target.concertId,
      scheduleId: target.scheduleId,
      seatId: target.seatIds[i % target.seatIds.length],
    }),
  });
  // Warm-up: other fans hold seats of another schedule, so the route and its queries are loaded.
  const warmRequests = Array.from({ length: warmFans }, (_, i) => request(fans + i, warm));
  await ctx.load.cannon({
    base: ctx.base,
    connections: ctx.opts.sizes.connections,
    amount: warmFans,
    requests: warmRequests,
  });
  const requests = Array.from({ length: fans }, (_, i) => request(i, race));
  const row = await measureCannon(
    ctx,
    { id: "5", scenario: 5, label: "POST /api/concerts/reservations (race)" },
    { amount: fans, requests },
  );
  const won = row.statuses["200"] ?? 0;
  const occupancy = await seatOccupancy(ctx.prisma, race.scheduleId);
  const unexpected = Object.entries(row.statuses).filter(([s]) => s !== "200" && s !== "400");
  return {
    rows: [row],
    checks: [
      { name: "successes = 50 seats", ok: won === 50, detail: `${won} holds won by ${fans} fans` },
      {
        name: "oversell = 0 (database)",
        ok: occupancy.oversell === 0 && occupancy.overlapping === 0,
        detail: `${occupancy.live} live reservations on ${occupancy.seats} seats, ${occupancy.overlapping} seats with more than one`,
      },
      {
        name: "database holds = successes",
        ok: occupancy.live === won && occupancy.seatsTaken === won,
        detail: `${occupancy.live} reservations, ${occupancy.seatsTaken} seats held`,
      },
      { name: "losers got 400, nothing else", ok: unexpected.length === 0, detail: JSON.stringify(row.statuses) },
    ],
    details: { fans, seats: 50, racersPerSeat: fans / 50, won, occupancy },
  };
}
