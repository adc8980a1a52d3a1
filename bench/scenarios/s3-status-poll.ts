import { measureCannon, type Ctx, type ScenarioResult } from "../lib/context";
import { at } from "../lib/pick";
import { fullRoomWithLine } from "../lib/queue-state";

// 3. The hottest path: waiting fans polling /api/queue/status, as fast as the server answers
// (throughput; scenario 8 is the same fans polling at the pace Retry-After sets).
export async function statusPoll(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const { waitingTokens } = await fullRoomWithLine(ctx.prisma, {
    capacity: ctx.env.capacity,
    waiting: ctx.opts.sizes.waitingFans,
    idleSeconds: ctx.env.idleSeconds,
  });
  const requests = waitingTokens.map((token) => ({
    method: "GET" as const,
    path: "/api/queue/status",
    headers: { authorization: `Bearer ${token}` },
  }));
  // One poll by hand: the response must say WAIT with a position and carry Retry-After.
  const sample = await fetch(`${ctx.base}/api/queue/status`, {
    headers: at(requests, requests.length - 1, "status request").headers,
  });
  const body = (await sample.json()) as { status?: string; position?: number };
  const retryAfter = sample.headers.get("retry-after");
  const row = await measureCannon(
    ctx,
    { id: "3", scenario: 3, label: "GET /api/queue/status (waiting fans)" },
    { duration: ctx.opts.sizes.seconds, requests },
    { warmup: "same" },
  );
  return {
    rows: [row],
    checks: [
      {
        name: "a waiting fan sees WAIT, a position and Retry-After",
        ok: sample.status === 200 && body.status === "WAIT" && (body.position ?? 0) > 0 && retryAfter !== null,
        detail: `${sample.status} status=${body.status} position=${body.position} Retry-After=${retryAfter}`,
      },
      {
        name: "polls answered 200",
        ok: Object.keys(row.statuses).every((s) => s === "200"),
        detail: JSON.stringify(row.statuses),
      },
    ],
    details: { waitingFans: waitingTokens.length, lastFanPosition: body.position, lastFanRetryAfter: retryAfter },
  };
}
