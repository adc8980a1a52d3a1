import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { needsBuild as needsBuildIn } from "../../scripts/needs-build";

// The benchmark measures the production build in its own dist dir, so a developer's `.next` (or a
// running `npm start`) is never touched.
// BENCH_DIST_DIR: the smoke test in `npm test` points it at the integration tests' current build (one build fewer).
export const DIST_DIR = process.env.BENCH_DIST_DIR || ".next-bench";
export const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");

/** Builds when there is no build, or when any source or config file is newer than it. */
export function needsBuild(root: string): boolean {
  return needsBuildIn(root, DIST_DIR);
}

/**
 * `next build` into .next-bench. Next adds `.next-bench/types/**` to tsconfig.json's `include` and
 * reformats the file; tsconfig.json is not the benchmark's to change, so it is put back exactly as it was
 * (only when nothing but Next's own addition changed, so a concurrent human edit is never lost).
 */
export async function buildApp(root: string, log: (line: string) => void): Promise<void> {
  const tsconfigPath = path.join(root, "tsconfig.json");
  const before = readFileSync(tsconfigPath, "utf8");
  const started = Date.now();
  const output: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [NEXT_BIN, "build"], {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const collect = (chunk: Buffer) => output.push(chunk.toString());
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`next build failed (exit ${code}):\n${output.join("").slice(-4000)}`)),
      );
    });
  } finally {
    restoreTsconfig(tsconfigPath, before);
  }
  log(`built the app into ${DIST_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function restoreTsconfig(file: string, before: string): void {
  const after = readFileSync(file, "utf8");
  if (after === before) return;
  try {
    const old = JSON.parse(before) as { include?: string[] };
    const now = JSON.parse(after) as { include?: string[] };
    const added = (now.include ?? []).filter((p) => !(old.include ?? []).includes(p));
    const onlyOurs = added.every((p) => p.startsWith(`${DIST_DIR}/`));
    const sameOtherwise =
      JSON.stringify({ ...now, include: (now.include ?? []).filter((p) => !added.includes(p)) }) ===
      JSON.stringify(old);
    if (onlyOurs && sameOtherwise) writeFileSync(file, before);
  } catch {
    // A tsconfig with comments is not plain JSON; leave it for a human rather than guess.
  }
}
