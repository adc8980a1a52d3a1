import os from "node:os";
import type { Check } from "./checks";
import type { Row, ScenarioResult } from "./context";
import { statusSummary } from "./context";

// The terminal table, the JSON file and the generated part of docs/BENCHMARKS.md.
export type Machine = {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  postgres: string;
  database: string;
  /** 1-minute load average when the run started and ended: above the core count, other work shared the CPU. */
  loadAverage: { start: number; end: number };
};

export type Report = {
  tool: "ticketing bench";
  mode: string;
  startedAt: string;
  totalSeconds: number;
  machine: Machine;
  options: Record<string, unknown>;
  ceilings: { bareRps: number | null; healthRps: number | null };
  scenarios: ScenarioResult[];
  cluster?: { workers: number; rounds: number; rows: Row[]; gains: Record<string, number> } | { error: string };
  breakdown?: { name: string; calls: number; wallMs: number; cpuMs: number; dbCpuMs: number }[];
  checks: { passed: number; failed: number; failures: string[] };
  ok: boolean;
};

/** The one-minute load average (os.loadavg() always has three entries on the platforms we run on). */
export function loadAverage(): number {
  const [oneMinute] = os.loadavg();
  if (oneMinute === undefined) throw new Error("os.loadavg() returned no one-minute load average");
  return oneMinute;
}

export function machine(postgres: string, database: string, loadAtStart: number): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ramGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    postgres,
    database,
    loadAverage: { start: loadAtStart, end: loadAverage() },
  };
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(digits));
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

/** Column `i` of a table row; every row has as many columns as the header. */
function cell<T>(row: readonly T[], i: number): T {
  const value = row[i];
  if (value === undefined) throw new Error(`table row has no column ${i} (it has ${row.length})`);
  return value;
}

export function tableLines(rows: Row[], ceilings: Report["ceilings"]): string[] {
  const header = [
    "#",
    "endpoint / scenario",
    "req/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "non-2xx (status x count)",
    "RSS MB",
    "CPU ms/req",
    "DB tx/req",
    "DB CPU ms/req",
    "x health",
    "x bare",
  ];
  const body = rows.map((r) => [
    r.id,
    r.label,
    fmt(r.rps),
    ms(r.latency.p50),
    ms(r.latency.p90),
    ms(r.latency.p99),
    statusSummary(r.statuses),
    fmt(r.server.peakRssMb),
    r.server.cpuMsPerRequest ? r.server.cpuMsPerRequest.toFixed(2) : "-",
    r.db ? r.db.xactsPerRequest.toFixed(1) : "-",
    r.db ? r.db.cpuMsPerRequest.toFixed(2) : "-",
    ceilings.healthRps && !r.paced ? (r.rps / ceilings.healthRps).toFixed(2) : "-",
    ceilings.bareRps && !r.paced ? (r.rps / ceilings.bareRps).toFixed(3) : "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => cell(b, i).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i <= 1 || i === 6 ? c.padEnd(cell(widths, i)) : c.padStart(cell(widths, i)))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
}

export function markdownTable(rows: Row[], ceilings: Report["ceilings"]): string {
  const lines = [
    "| # | endpoint / scenario | req/s | p50 ms | p90 ms | p99 ms | non-2xx | RSS MB | CPU ms/req | DB tx/req | DB CPU ms/req | x health | x bare |",
    "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.id} | ${r.label.replace(/\|/g, "\\|")} | ${fmt(r.rps)} | ${ms(r.latency.p50)} | ${ms(r.latency.p90)} | ${ms(r.latency.p99)} | ${statusSummary(r.statuses)} | ${fmt(r.server.peakRssMb)} | ${r.server.cpuMsPerRequest ? r.server.cpuMsPerRequest.toFixed(2) : "-"} | ${r.db ? r.db.xactsPerRequest.toFixed(1) : "-"} | ${r.db ? r.db.cpuMsPerRequest.toFixed(2) : "-"} | ${ceilings.healthRps && !r.paced ? (r.rps / ceilings.healthRps).toFixed(2) : "-"} | ${ceilings.bareRps && !r.paced ? (r.rps / ceilings.bareRps).toFixed(3) : "-"} |`,
    );
  }
  return lines.join("\n");
}

export function checkLines(scenarios: ScenarioResult[]): string[] {
  const out: string[] = [];
  for (const s of scenarios) {
    if (s.error) out.push(`  FAIL  ${s.scenario}. ${s.title}: ${s.error.split("\n")[0]}`);
    if (s.skipped) out.push(`  skip  ${s.scenario}. ${s.title}: ${s.skipped}`);
    for (const c of s.checks) out.push(`  ${c.ok ? "ok  " : "FAIL"}  ${s.scenario}. ${c.name}: ${c.detail}`);
  }
  return out;
}

export function allChecks(scenarios: ScenarioResult[]): Check[] {
  return scenarios.flatMap((s) => [
    ...s.checks,
    ...(s.error ? [{ name: `${s.title} ran`, ok: false, detail: s.error }] : []),
  ]);
}

/** The human-readable details of scenarios 5 to 8 (the table cannot say them). */
export function detailLines(scenarios: ScenarioResult[]): string[] {
  const out: string[] = [];
  for (const s of scenarios) {
    const d = s.details as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (s.scenario === 5 && d.won !== undefined) {
      out.push(
        `5. reservation race: ${d.fans} fans for ${d.seats} seats (${d.racersPerSeat} per seat): ${d.won} won, oversell ${d.occupancy.oversell}`,
      );
    }
    if (s.scenario === 6 && d.fans !== undefined) {
      out.push(
        `6. payments: ${d.fans} fans x ${d.submissionsPerFan} simultaneous submissions: statuses ${JSON.stringify(d.statuses)}`,
      );
    }
    if (s.scenario === 7 && d.fans !== undefined) {
      const a = d.admissionOrder;
      out.push(
        `7. ticket drop: ${d.fans} fans, ${d.seats} seats, capacity ${d.capacity}: sold out in ${d.timeToSellOutSeconds === null ? "(not sold out)" : `${d.timeToSellOutSeconds.toFixed(1)} s`}; outcomes ${JSON.stringify(d.outcomes)}`,
        `   admission vs join order: ${a.databaseInversions} inversions in the database (Kendall tau ${a.databaseKendallTau.toFixed(3)}), ${a.fanObservedInversions} as fans saw it (tau ${a.fanObservedKendallTau.toFixed(3)})`,
        `   requests per fan ${d.requestsPerFan.toFixed(1)}: ${Object.entries(
          d.requestsPerFanByKind as Record<string, number>,
        )
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(
            ", ",
          )}; Retry-After median ${d.retryAfterSeconds.median} s (min ${d.retryAfterSeconds.min}, max ${d.retryAfterSeconds.max})`,
        `   p99 by request: ${Object.entries(d.latencyByKind as Record<string, { p99: number }>)
          .map(([k, v]) => `${k} ${ms(v.p99)} ms`)
          .join(", ")}`,
      );
    }
    if (s.scenario === 8 && d.steps) {
      out.push(`8. fans held (p99 <= ${d.p99LimitMs} ms): ${d.held}; stopped: ${d.stoppedBecause}`);
      for (const st of d.steps as {
        fans: number;
        rps: number;
        latency: { p50: number; p99: number };
        retryAfterMedian: number;
        ok: boolean;
        statuses: Record<string, number>;
      }[]) {
        out.push(
          `   ${String(st.fans).padStart(6)} fans: ${st.rps.toFixed(0).padStart(5)} polls/s, p50 ${ms(st.latency.p50)} ms, p99 ${ms(st.latency.p99)} ms, Retry-After median ${st.retryAfterMedian} s ${st.ok ? "" : "<- over"} ${statusSummary(st.statuses, (x) => x === 200)}`,
        );
      }
    }
  }
  return out;
}

export function breakdownLines(steps: NonNullable<Report["breakdown"]>): string[] {
  return [
    "Use cases in-process, one call at a time (no HTTP), per call: wall time, CPU of this process (ours + Prisma + pg), CPU of PostgreSQL",
    ...steps.map(
      (s) =>
        `  ${s.name.padEnd(56)} ${s.wallMs.toFixed(2).padStart(6)} ms wall ${s.cpuMs.toFixed(3).padStart(7)} ms app CPU ${s.dbCpuMs.toFixed(3).padStart(7)} ms DB CPU`,
    ),
  ];
}
