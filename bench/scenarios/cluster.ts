import { measureCannon, type Ctx, type Row } from "../lib/context";
import { at } from "../lib/pick";
import { fullRoomWithLine } from "../lib/queue-state";
import type { RunningServer } from "../lib/server";

// One app process per core: the same requests against one `next start` and against a Node cluster of two
// `next start` workers sharing one port (the primary hands out connections round-robin). Both run side by
// side and the runs alternate (A B B A ...), so that drift in the machine's load hits both alike; each
// configuration reports its median round.
export async function clusterComparison(
  ctx: Ctx,
  startCluster: (workers: number) => Promise<{ server: RunningServer; base: string }>,
): Promise<{ rows: Row[]; gains: Record<string, number>; workers: number; rounds: number }> {
  const workers = 2;
  const rounds = ctx.opts.mode === "full" ? 3 : 1;
  const seconds = ctx.opts.mode === "full" ? 4 : ctx.opts.sizes.seconds;
  const state = await fullRoomWithLine(ctx.prisma, {
    capacity: ctx.env.capacity,
    waiting: ctx.opts.sizes.waitingFans,
    idleSeconds: ctx.env.idleSeconds,
  });
  const schedule = await ctx.prisma.schedule.findFirstOrThrow({
    where: { concertAt: { gt: new Date() } },
    orderBy: { id: "asc" },
  });
  const polls = state.waitingTokens.map((token) => ({
    method: "GET" as const,
    path: "/api/queue/status",
    headers: { authorization: `Bearer ${token}` },
  }));
  const seatsPath = `/api/concerts/${schedule.concertId}/schedules/${schedule.id}/seats`;
  const seats = state.activeTokens.map((t) => ({
    method: "GET" as const,
    path: seatsPath,
    headers: { authorization: `Bearer ${t.token}` },
  }));
  const targets = [
    { key: "health", label: "GET /api/health", requests: [{ method: "GET" as const, path: "/api/health" }] },
    { key: "status", label: "GET /api/queue/status", requests: polls },
    ...(ctx.opts.mode === "full" ? [{ key: "seats", label: "GET .../seats", requests: seats }] : []),
  ];
  const cluster = await startCluster(workers);
  try {
    const configs = [
      { name: "1 process", id: "C1", server: ctx.app, base: ctx.base },
      { name: `${workers} processes`, id: `C${workers}`, server: cluster.server, base: cluster.base },
    ];
    const rows: Row[] = [];
    const gains: Record<string, number> = {};
    for (const t of targets) {
      const runs: Row[][] = configs.map(() => []);
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const c of order) {
          const config = at(configs, c, "configuration");
          at(runs, c, "run list").push(
            await measureCannon(
              { ...ctx, app: config.server },
              { id: `${config.id}-${t.key}`, scenario: 9, label: `${t.label} [${config.name}]` },
              { base: config.base, duration: seconds, requests: t.requests },
              { warmup: round === 0 ? "same" : undefined, server: config.server, db: false },
            ),
          );
        }
      }
      const medians = runs.map((r) =>
        at(
          r.slice().sort((a, b) => a.rps - b.rps),
          Math.floor(r.length / 2),
          "run",
        ),
      );
      rows.push(
        ...medians.map((m, i) => ({
          ...m,
          notes: [
            ...m.notes,
            `median of ${rounds} alternating runs: ${at(runs, i, "run list")
              .map((r) => r.rps.toFixed(0))
              .join(", ")} req/s`,
          ],
        })),
      );
      gains[t.key] = at(medians, 1, "median").rps / at(medians, 0, "median").rps;
    }
    return { rows, gains, workers, rounds };
  } finally {
    await cluster.server.stop();
  }
}
