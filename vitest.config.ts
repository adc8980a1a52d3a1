import path from "node:path";
import { defineConfig } from "vitest/config";
import { LongFirstSequencer } from "./test/long-first-sequencer";

// Two projects: `unit` (tests next to the code, no database: `npm run test:unit`, seconds) and
// `integration` (test/ and bench/, each file on its own clone of a migrated template database:
// `npm run test:integration`). `vitest run` (and `npm test`) runs both.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests call server modules directly: `server-only` is the no-op it is in Next's server build.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    pool: "forks",
    // Two files at a time: most integration tests wait on PostgreSQL, Redis, child processes or timers, so a
    // second file overlaps those waits (one at a time took 9 minutes on 2 cores). Each file has its own database.
    maxWorkers: 2,
    sequence: { sequencer: LongFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts", "deploy/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts", "bench/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/database-per-file.ts"],
        },
      },
    ],
  },
});
