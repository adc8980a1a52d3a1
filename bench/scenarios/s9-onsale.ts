import { drawOrder } from "../../lib/queue/draw-formula";
import { queueStore } from "../../lib/queue/queue-store-instance";
import { putRoom } from "../../lib/rooms/put-room";
import { ledgerInvariants, saleChecks, seatOccupancy } from "../lib/checks";
import type { Ctx, Row, ScenarioResult } from "../lib/context";
import { createConcert, createFans, identityHeaders } from "../lib/fixtures";
import { at } from "../lib/pick";
import { startUsageSampler } from "../lib/proc";
import { admissionOrder } from "./s7-drop";

// 9. The on-sale start (issue 11): a dedicated room whose pre-queue is open; N fans join during it and poll at
// the Retry-After it gives (spread over the start); at the start the draw runs, then the fans are admitted in
// drawn order and buy until the seats are gone. Measures the draw, the burst of polls in the ten seconds after
// the start (p99) and the time from the start to the last seat sold.
const PRICE = 10_000;
const BURST_WINDOW_MS = 10_000;

export async function onSaleStart(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const { fans: fanCount, seats, capacity, prequeueSeconds, limitSeconds } = ctx.opts.sizes.onsale;
  const concert = await createConcert(ctx.prisma, seats, PRICE);
  const ids = await createFans(ctx.prisma, fanCount, PRICE * 2);
  const headers = await identityHeaders(ctx.prisma, ids, ctx.opts.identity, ctx.authSecret);
  const admin = await ctx.prisma.user.findFirst({ where: { role: "ADMIN" }, select: { id: true } });
  const startsAt = new Date(Date.now() + prequeueSeconds * 1000);
  await putRoom({
    concertId: concert.concertId,
    settings: {
      prequeueOpensAt: new Date(Date.now() - 1000),
      salesStartAt: startsAt,
      activeCapacity: capacity,
      admitPerSecond: 0,
    },
    actorId: admin?.id ?? at(ids, 0, "a fan"),
    now: new Date(),
  });
  const room = await ctx.prisma.queueRoom.findUniqueOrThrow({ where: { concertId: concert.concertId } });

  const sampler = startUsageSampler(ctx.app.pids);
  const dropStartedAt = Date.now();
  const dropping = ctx.load.drop({
    base: ctx.base,
    fans: ids.map((userId, i) => ({ userId, headers: at(headers, i, "fan headers") })),
    concertId: concert.concertId,
    scheduleId: concert.scheduleId,
    seats,
    limitSeconds: prequeueSeconds + limitSeconds,
    maxSockets: 512,
    joinBody: { concertId: concert.concertId },
    burst: { atEpochMs: startsAt.getTime(), windowMs: BURST_WINDOW_MS },
  });
  // At the start, the draw: run here with the server's own code (the first poll after the start would run it
  // otherwise, and does when it gets there first: then the draw's time is read from the room).
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt.getTime() - Date.now())));
  const drawCalledAt = Date.now();
  const t0 = performance.now();
  const drawn = await queueStore().runDraw(room.id, new Date(), drawOrder);
  const drawMs = performance.now() - t0;
  const result = await dropping;
  const usage = sampler.stop();

  const entrants = await queueStore().drawnEntrants(room.id);
  const drawnRoom = await ctx.prisma.queueRoom.findUniqueOrThrow({ where: { id: room.id } });
  const tokens = await ctx.prisma.queueToken.findMany({
    where: { roomId: room.id },
    select: { id: true, activatedAt: true, createdAt: true },
  });
  const activatedAt = new Map(tokens.map((t) => [t.id, t.activatedAt?.getTime() ?? null]));
  // Admission in drawn order: the admitted entrants are the front of the drawn order (admissionOrder).
  const order = admissionOrder(entrants.map((id) => activatedAt.get(id) ?? null));
  const drawInversions = order.inversions;
  const occupancy = await seatOccupancy(ctx.prisma, concert.scheduleId);
  const ledger = await ledgerInvariants(ctx.prisma);
  const startOffsetMs = startsAt.getTime() - dropStartedAt;
  const sellOutSeconds = result.soldOutAtMs === undefined ? null : (result.soldOutAtMs - startOffsetMs) / 1000;
  const errors = result.fans.filter((f) => f.outcome === "error").map((f) => f.error);
  // From the database: a join answered late under load still counts from when its token was made.
  const joinedBeforeStart = tokens.filter((t) => t.createdAt < startsAt).length;
  const burst = result.burst ?? { latency: result.latencyAll, polls: 0, perSecond: [] };
  const fairShare = burst.polls / Math.max(1, burst.perSecond.length);
  const busiestSecond = Math.max(0, ...burst.perSecond);
  const drawDetail = drawn
    ? `${drawn.entrants.length} entrants drawn in ${drawMs.toFixed(0)} ms (benchmark called it at the start)`
    : `drawn by the server's first poll, ${drawnRoom.drawnAt ? drawnRoom.drawnAt.getTime() - startsAt.getTime() : "?"} ms after the start`;

  const row: Row = {
    id: "9",
    scenario: 9,
    label: `on-sale start: ${fanCount} pre-queued fans, ${seats} seats: status polls in the ${BURST_WINDOW_MS / 1000} s after the start`,
    requests: burst.polls,
    seconds: BURST_WINDOW_MS / 1000,
    rps: burst.polls / (BURST_WINDOW_MS / 1000),
    latency: burst.latency,
    statuses: result.statusesByKind.status ?? {},
    socketErrors: result.statusesByKind.status?.["0"] ?? 0,
    server: {
      ...usage,
      cpuMsPerRequest: 0,
      cpuPercentOfOneCore: (usage.cpuSeconds / (result.elapsedMs / 1000)) * 100,
    },
    generatorCpuPercentOfOneCore: (result.generatorCpuSeconds / (result.elapsedMs / 1000)) * 100,
    paced: true,
    notes: [
      drawDetail,
      `sold out ${sellOutSeconds === null ? "never" : `${sellOutSeconds.toFixed(1)} s`} after the start`,
      `busiest second of the burst: ${busiestSecond} polls (fair share ${fairShare.toFixed(0)})`,
    ],
  };
  return {
    rows: [row],
    checks: [
      {
        name: "every fan who joined before the start is an entrant of the draw",
        ok: entrants.length === joinedBeforeStart && entrants.length > 0,
        detail: `${entrants.length} entrants, ${joinedBeforeStart} joined before the start`,
      },
      {
        name: "admitted in drawn order (database)",
        ok: order.pastGap === 0 && order.admitted > 0,
        detail: `${order.admitted} admitted, the first ${order.front} of the draw; ${order.pastGap} admitted past an entrant left waiting; ${drawInversions} activation-time inversions`,
      },
      {
        name: "sold out",
        ok: result.soldOutAtMs !== undefined && occupancy.seatsSold === seats,
        detail: `${occupancy.seatsSold} of ${seats} seats sold`,
      },
      ...saleChecks(occupancy, errors),
      ...ledger,
    ],
    details: {
      fans: fanCount,
      seats,
      capacity,
      prequeueSeconds,
      drawMs: drawn ? drawMs : null,
      drawnByServerAfterMs: drawn ? null : (drawnRoom.drawnAt?.getTime() ?? 0) - startsAt.getTime(),
      drawCalledAfterStartMs: drawCalledAt - startsAt.getTime(),
      entrants: entrants.length,
      joinedBeforeStart,
      burst: { ...burst, fairShare, busiestSecond },
      timeToSellOutSeconds: sellOutSeconds,
      latencyByKind: result.latencyByKind,
      statusesByKind: result.statusesByKind,
      retryAfterSeconds: result.retryAfter,
    },
  };
}
