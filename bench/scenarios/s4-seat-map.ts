import { measureCannon, type Ctx, type Row, type ScenarioResult } from "../lib/context";
import { fullRoomWithLine } from "../lib/queue-state";

// 4. The seat map (endpoint 5) read by admitted fans with their ACTIVE tokens; in a full run also the
// schedule list (endpoint 4).
export async function seatMap(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const { activeTokens } = await fullRoomWithLine(ctx.prisma, {
    capacity: ctx.env.capacity,
    waiting: 0,
    idleSeconds: ctx.env.idleSeconds,
  });
  const schedule = await ctx.prisma.schedule.findFirstOrThrow({
    where: { concertAt: { gt: new Date() }, concert: { name: { not: { startsWith: "Bench" } } } },
    orderBy: { id: "asc" },
    select: { id: true, concertId: true, _count: { select: { seats: true } } },
  });
  const auth = activeTokens.slice(0, ctx.opts.sizes.activeFans).map((t) => ({ authorization: `Bearer ${t.token}` }));
  const seatsPath = `/api/concerts/${schedule.concertId}/schedules/${schedule.id}/seats`;
  const sample = await fetch(`${ctx.base}${seatsPath}`, { headers: auth[0] });
  const body = (await sample.json()) as { seats?: unknown[] };
  const rows: Row[] = [
    await measureCannon(
      ctx,
      { id: "4", scenario: 4, label: "GET .../schedules/{id}/seats (ACTIVE)" },
      {
        duration: ctx.opts.sizes.seconds,
        requests: auth.map((headers) => ({ method: "GET" as const, path: seatsPath, headers })),
      },
      { warmup: "same" },
    ),
  ];
  if (ctx.opts.mode === "full") {
    const path = `/api/concerts/${schedule.concertId}/schedules`;
    rows.push(
      await measureCannon(
        ctx,
        { id: "4b", scenario: 4, label: "GET /api/concerts/{id}/schedules (ACTIVE)" },
        {
          duration: ctx.opts.sizes.seconds,
          requests: auth.map((headers) => ({ method: "GET" as const, path, headers })),
        },
        { warmup: "same" },
      ),
    );
  }
  return {
    rows,
    checks: [
      {
        name: "seat map lists every seat",
        ok: sample.status === 200 && body.seats?.length === schedule._count.seats,
        detail: `${sample.status}, ${body.seats?.length} of ${schedule._count.seats} seats`,
      },
      ...rows.map((r) => ({
        name: `${r.id} answered 200`,
        ok: Object.keys(r.statuses).every((s) => s === "200"),
        detail: JSON.stringify(r.statuses),
      })),
    ],
    details: { activeFans: auth.length, seats: schedule._count.seats },
  };
}
