import { measureCannon, type Ctx, type ScenarioResult } from "../lib/context";
import { freePort } from "../lib/database";
import { startBareServer } from "../lib/server";

// 1. The ceilings every other number is divided by: node:http alone, and a Next route that does nothing.
export async function ceilings(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const port = await freePort(3310, 3399);
  const bare = await startBareServer(process.cwd(), port);
  try {
    const bareRow = await measureCannon(
      ctx,
      { id: "1a", scenario: 1, label: "bare node:http GET / (same JSON)" },
      { base: `http://127.0.0.1:${port}`, duration: ctx.opts.sizes.seconds, requests: [{ method: "GET", path: "/" }] },
      { warmup: "same", server: bare, db: false },
    );
    const health = await measureCannon(
      ctx,
      { id: "1b", scenario: 1, label: "GET /api/health" },
      { duration: ctx.opts.sizes.seconds, requests: [{ method: "GET", path: "/api/health" }] },
      { warmup: "same", db: false },
    );
    return {
      rows: [bareRow, health],
      checks: [
        {
          name: "bare server answered 200 only",
          ok: only200(bareRow.statuses),
          detail: JSON.stringify(bareRow.statuses),
        },
        {
          name: "/api/health answered 200 only",
          ok: only200(health.statuses),
          detail: JSON.stringify(health.statuses),
        },
      ],
      details: {},
    };
  } finally {
    await bare.stop();
  }
}

function only200(statuses: Record<string, number>): boolean {
  return Object.keys(statuses).length > 0 && Object.keys(statuses).every((s) => s === "200");
}
