import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureAppBuild, HTTP_DIST_DIR } from "../test/helpers/app-server";
import type { Report } from "./lib/report";

// Keeps `npm run bench` working: the real harness (production build, `next start`, a fresh database on
// the test run's PostgreSQL server, load from a child process) on tiny numbers. No timing assertions:
// only that every scenario ran and produced numbers, and that the database invariants held.
const dir = mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join("bench", "run.ts"), "--tiny", `--out=${out}`],
      {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: inject("pgServerUrl"), BENCH_DIST_DIR: HTTP_DIST_DIR },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run bench -- --tiny", () => {
  it("runs every scenario, produces numbers, and the invariants hold", { timeout: 300_000 }, async () => {
    const out = path.join(dir, "report.json");
    await ensureAppBuild(); // the integration tests' build, made once for every test that serves the app
    const { output } = await runBench(out);
    let report: Report;
    try {
      report = JSON.parse(readFileSync(out, "utf8")) as Report;
    } catch {
      throw new Error(`no report was written; output:\n${output.slice(-4000)}`);
    }
    const byScenario = new Map(report.scenarios.map((s) => [s.scenario, s]));
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const s = byScenario.get(n);
      expect(s, `scenario ${n} ran`).toBeDefined();
      expect(s!.error, `scenario ${n} error`).toBeUndefined();
      expect(s!.rows.length, `scenario ${n} rows`).toBeGreaterThan(0);
      for (const row of s!.rows) {
        expect(row.requests, `${row.id} requests`).toBeGreaterThan(0);
        expect(row.rps, `${row.id} req/s`).toBeGreaterThan(0);
        expect(row.latency.p99, `${row.id} p99`).toBeGreaterThanOrEqual(row.latency.p50);
        expect(row.server.peakRssMb, `${row.id} RSS`).toBeGreaterThan(0);
      }
    }
    expect(report.ceilings.bareRps).toBeGreaterThan(0);
    expect(report.ceilings.healthRps).toBeGreaterThan(0);

    const race = byScenario.get(5)!.details as {
      won: number;
      occupancy: { oversell: number; overlapping: number; live: number };
    };
    expect(race.won).toBe(50);
    expect(race.occupancy.oversell).toBe(0);
    expect(race.occupancy.overlapping).toBe(0);
    expect(race.occupancy.live).toBe(50);

    const checksOf = (n: number) => byScenario.get(n)!.checks;
    const named = (n: number, name: string) => checksOf(n).find((c) => c.name === name);
    for (const name of ["one payment per reservation", "one debit each", "each wallet charged once"]) {
      expect(named(6, name)?.ok, `6. ${name}: ${named(6, name)?.detail}`).toBe(true);
    }
    expect(named(7, "oversell = 0 (database)")?.ok, named(7, "oversell = 0 (database)")?.detail).toBe(true);
    expect(
      named(7, "admitted in join order (database)")?.ok,
      named(7, "admitted in join order (database)")?.detail,
    ).toBe(true);
    for (const check of checksOf(0)) expect(check.ok, `${check.name}: ${check.detail}`).toBe(true);
    expect((byScenario.get(8)!.details as { steps: unknown[] }).steps.length).toBeGreaterThan(0);
  });
});
