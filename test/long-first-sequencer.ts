import { BaseSequencer, type TestSpecification } from "vitest/node";

// Vitest's own order on a clean clone (no timings cached) put the benchmark's smoke test last, where its 45 s ran
// alone after everything else: the run's wall time was that file's. The long files start first, the one that
// builds the app for the HTTP tests at the head so the build overlaps the rest; the others keep Vitest's order.
const LONG_FIRST = [
  "bench/bench.test.ts",
  "test/integration/queue-store-contract.test.ts",
  "test/integration/fault-suite.test.ts",
  "test/integration/cluster.test.ts",
  "test/integration/http-server.test.ts",
  "test/integration/queue-admission.test.ts",
  "test/integration/hostile-input.test.ts",
  "test/integration/prequeue-draw.test.ts",
  "test/integration/queue-multi-process.test.ts",
];

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = LONG_FIRST.findIndex((long) => file.moduleId.endsWith(long));
      return i < 0 ? LONG_FIRST.length : i;
    };
    // Array.prototype.sort is stable: files of equal rank keep Vitest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
