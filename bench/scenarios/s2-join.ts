import { oneRow } from "../../lib/db/rows";
import { measureCannon, type Ctx, type Row, type ScenarioResult } from "../lib/context";
import { createFans, identityHeaders } from "../lib/fixtures";
import { emptyQueue } from "../lib/queue-control";
import type { Req } from "../load/protocol";

// 2. Queue join: distinct fans issue their token (endpoint 1); each request is a fan not yet in line.
// The room fills to capacity at once and everyone else waits: the state scenarios 3 and 4 measure next.
export async function queueJoin(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const { sizes } = ctx.opts;
  await emptyQueue(ctx.prisma);
  const warmCount = sizes.connections * 20;
  const ids = await createFans(ctx.prisma, sizes.joinFans + warmCount);
  const headers = await identityHeaders(ctx.prisma, ids, ctx.opts.identity, ctx.authSecret);
  const requests: Req[] = ids.map((id, i) => ({
    method: "POST",
    path: `/api/queue/token/users/${id}`,
    headers: headers[i],
  }));
  const join = await measureCannon(
    ctx,
    { id: "2", scenario: 2, label: "POST /api/queue/token/users/{id} (join)" },
    { duration: sizes.seconds, requests: requests.slice(warmCount) },
    { warmup: requests.slice(0, warmCount), distinct: true },
  );
  const rows: Row[] = [join];
  if (ctx.opts.mode === "full") {
    // Endpoint 2 (look up my token) for the fans who just joined.
    const joined = requests.slice(warmCount, warmCount + Math.max(1, Math.min(join.requests, sizes.joinFans)));
    rows.push(
      await measureCannon(
        ctx,
        { id: "2b", scenario: 2, label: "GET /api/queue/token/users/{id} (lookup)" },
        { duration: sizes.seconds, requests: joined.map((r) => ({ ...r, method: "GET" as const })) },
        { warmup: "same" },
      ),
    );
  }
  const state = oneRow(
    await ctx.prisma.$queryRaw<{ active: number; waiting: number; users: number; tokens: number; gaps: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'ACTIVE' AND expires_at > now())::int AS active,
      count(*) FILTER (WHERE status = 'WAIT')::int AS waiting,
      count(DISTINCT user_id)::int AS users, count(*)::int AS tokens,
      (max(seq) - min(seq) + 1 - count(*))::int AS gaps
    FROM queue_tokens WHERE status IN ('WAIT', 'ACTIVE')`,
    "queue state row",
  );
  return {
    rows,
    checks: [
      {
        name: "ACTIVE tokens within capacity",
        ok: state.active <= ctx.env.capacity,
        detail: `${state.active} ACTIVE, capacity ${ctx.env.capacity}`,
      },
      {
        name: "one live token per fan",
        ok: state.users === state.tokens,
        detail: `${state.tokens} live tokens for ${state.users} fans`,
      },
      { name: "join numbers dense", ok: state.gaps === 0, detail: `${state.gaps} gaps among live tokens` },
      {
        name: "joins answered 2xx",
        ok: Object.keys(join.statuses).every((s) => s.startsWith("2")),
        detail: JSON.stringify(join.statuses),
      },
    ],
    details: { liveTokens: state },
  };
}
