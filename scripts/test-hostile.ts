// `npm run test:hostile -- [--runs N] [--seed S]`: the hostile-input suite with a large count (npm test runs
// it with HOSTILE_RUNS' default). The summary line ("hostile input (seed ...)") gives the figures.
import { spawnSync } from "node:child_process";
import path from "node:path";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const env = { ...process.env };
env.HOSTILE_RUNS = option("--runs") ?? env.HOSTILE_RUNS ?? "20000";
const seed = option("--seed");
if (seed) env.HOSTILE_SEED = seed;
const vitest = path.join(import.meta.dirname, "..", "node_modules", ".bin", "vitest");
const result = spawnSync(vitest, ["run", "--project", "integration", "test/integration/hostile-input.test.ts"], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
