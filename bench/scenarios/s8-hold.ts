import type { Ctx, Row, ScenarioResult } from "../lib/context";
import { startUsageSampler } from "../lib/proc";
import { emptyQueue } from "../lib/queue-control";
import { fullRoomWithLine } from "../lib/queue-state";

// 8. Fans held: a full room and a growing line of fans, each polling exactly as its Retry-After says.
// The line grows step by step until the p99 of a step passes 250 ms; the largest line below that is the
// number of waiting fans one instance holds.
const P99_LIMIT_MS = 250;

export async function fansHeld(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const { steps, stepSeconds, limitSeconds } = ctx.opts.sizes.hold;
  await emptyQueue(ctx.prisma);
  const { waitingTokens } = await fullRoomWithLine(ctx.prisma, {
    capacity: ctx.env.capacity,
    waiting: Math.max(...steps),
    idleSeconds: ctx.env.idleSeconds,
  });
  const sampler = startUsageSampler(ctx.app.pids);
  const started = performance.now();
  const result = await ctx.load.hold({
    base: ctx.base,
    tokens: waitingTokens,
    steps,
    stepSeconds,
    limitSeconds,
    p99LimitMs: P99_LIMIT_MS,
    maxSockets: 512,
  });
  const usage = sampler.stop();
  const seconds = (performance.now() - started) / 1000;
  const best = result.steps.filter((s) => s.ok).sort((a, b) => b.fans - a.fans)[0] ?? result.steps[0];
  const rows: Row[] = best
    ? [
        {
          id: "8",
          scenario: 8,
          label: `GET /api/queue/status at Retry-After pace: ${result.held} fans held`,
          requests: best.polls,
          seconds: stepSeconds,
          rps: best.rps,
          latency: best.latency,
          statuses: best.statuses,
          socketErrors: best.statuses["0"] ?? 0,
          server: {
            ...usage,
            cpuMsPerRequest:
              (usage.cpuSeconds * 1000) /
              Math.max(
                1,
                result.steps.reduce((a, st) => a + st.polls, 0),
              ),
            cpuPercentOfOneCore: (usage.cpuSeconds / seconds) * 100,
          },
          generatorCpuPercentOfOneCore: (best.generatorCpuSeconds / stepSeconds) * 100,
          paced: true,
          notes: [`stopped: ${result.stoppedBecause}`],
        },
      ]
    : [];
  return {
    rows,
    checks: [
      {
        name: "at least one step held under the p99 limit",
        ok: result.held > 0,
        detail: `held ${result.held}; ${result.stoppedBecause}`,
      },
    ],
    details: {
      held: result.held,
      stoppedBecause: result.stoppedBecause,
      p99LimitMs: P99_LIMIT_MS,
      steps: result.steps,
    },
  };
}
