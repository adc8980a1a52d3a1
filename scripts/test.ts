import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// `npm test`: typecheck, lint, Vitest (unit + integration on a real PostgreSQL), Playwright (production
// build, real browser). Every step runs even after a failure, each runner prints its own summary, and
// the last line totals the tests as "N passed, N failed".
const root = process.cwd();
// Not test-results/: Playwright empties that folder when it starts.
const out = path.join(root, ".test-reports");
// A step that crashes must not be credited with the previous run's counts.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

type Step = { name: string; command: string; args: string[]; env?: Record<string, string> };

// Stages run one after another; the steps of a stage at once. The static checks are single-threaded and
// independent (after the route types they read), so they share the machine's cores.
const stages: Step[][] = [
  [{ name: "route types", command: bin("next"), args: ["typegen"] }],
  [
    { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
    { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
    { name: "format", command: bin("prettier"), args: ["--check", "--log-level", "warn", "."] },
  ],
  [
    {
      name: "vitest",
      command: bin("vitest"),
      args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(out, "vitest.json")}`],
    },
  ],
  [
    {
      name: "playwright",
      command: bin("playwright"),
      args: ["test", "--reporter=list,json"],
      env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(out, "playwright.json") },
    },
  ],
];

/** Runs a step; alongside others its output is held and printed whole when it ends, so the log stays readable. */
function run(step: Step, alone: boolean): Promise<number> {
  return new Promise((resolve) => {
    const header = `\n=== ${step.name}: ${path.basename(step.command)} ${step.args.join(" ")}`;
    if (alone) console.log(header);
    const child = spawn(step.command, step.args, {
      stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...step.env },
    });
    const held: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => held.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => held.push(chunk));
    child.on("close", (code, signal) => {
      if (!alone) {
        console.log(header);
        process.stdout.write(Buffer.concat(held));
      }
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

type Counts = { passed: number; failed: number; skipped: number };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runners' JSON reports, read loosely
function counts(file: string, read: (json: any) => Counts): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  try {
    return read(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runners' JSON reports, read loosely
function names(file: string, read: (json: any) => string[]): string[] {
  if (!existsSync(file)) return [];
  try {
    return read(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return [];
  }
}

type VitestFile = {
  name: string;
  status?: string;
  message?: string;
  assertionResults?: { status: string; fullName: string }[];
};

function vitestFailures(files: VitestFile[]): string[] {
  return files.flatMap((f) => {
    const file = path.relative(root, f.name);
    const failed = (f.assertionResults ?? []).filter((a) => a.status === "failed");
    // A file that fails before its tests run (a throwing beforeAll) has no failed test of its own.
    if (f.status === "failed" && failed.length === 0) return [`vitest ${file}: ${(f.message ?? "").slice(0, 300)}`];
    return failed.map((a) => `vitest ${file} > ${a.fullName}`);
  });
}

type PwSuite = {
  title: string;
  file?: string;
  suites?: PwSuite[];
  specs?: { title: string; tests?: { status?: string }[] }[];
};

function playwrightFailures(suites: PwSuite[], trail: string[]): string[] {
  return suites.flatMap((s) => [
    ...(s.specs ?? [])
      .filter((spec) => (spec.tests ?? []).some((t) => t.status === "unexpected" || t.status === "flaky"))
      .map((spec) => `playwright ${[...trail, s.title, spec.title].filter(Boolean).join(" > ")}`),
    ...playwrightFailures(s.suites ?? [], [...trail, s.title]),
  ]);
}

async function main() {
  const only = process.argv.slice(2);
  const results: { name: string; code: number; seconds: number }[] = [];
  for (const stage of stages) {
    const chosen = stage.filter((step) => !only.length || only.includes(step.name));
    await Promise.all(
      chosen.map(async (step) => {
        const t0 = Date.now();
        const code = await run(step, chosen.length === 1);
        results.push({ name: step.name, code, seconds: (Date.now() - t0) / 1000 });
      }),
    );
  }
  const vitest = counts(path.join(out, "vitest.json"), (j) => ({
    passed: j.numPassedTests ?? 0,
    failed: j.numFailedTests ?? 0,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
  }));
  const playwright = counts(path.join(out, "playwright.json"), (j) => ({
    passed: j.stats?.expected ?? 0,
    failed: (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0),
    skipped: j.stats?.skipped ?? 0,
  }));
  // CI logs keep only the tail: name the failures here, next to the totals.
  const failures = [
    ...names(path.join(out, "vitest.json"), (j) => vitestFailures(j.testResults ?? [])),
    ...names(path.join(out, "playwright.json"), (j) => playwrightFailures(j.suites ?? [], [])),
  ];
  console.log("\n=== summary");
  for (const f of failures) console.log(`failed: ${f}`);
  for (const r of results)
    console.log(`${r.code === 0 ? "ok  " : "FAIL"} ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s`);
  const failedSteps = results.filter((r) => r.code !== 0).length;
  const passed = vitest.passed + playwright.passed;
  const failed =
    vitest.failed + playwright.failed + (failedSteps && !(vitest.failed + playwright.failed) ? failedSteps : 0);
  console.log(
    `vitest ${vitest.passed} passed, ${vitest.failed} failed; playwright ${playwright.passed} passed, ${playwright.failed} failed`,
  );
  console.log(`${passed} passed, ${failed} failed, ${vitest.skipped + playwright.skipped} skipped`);
  process.exit(failedSteps ? 1 : 0);
}

void main();
