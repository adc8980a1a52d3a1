import { runCannon } from "./cannon";
import { runDrop } from "./drop";
import { runHold } from "./hold";
import type { Job, JobMessage, ResultMessage } from "./protocol";

// The load generator: a child process of the benchmark, so its CPU is not counted as the server's and it
// never shares an event loop with the orchestrator. It runs one job at a time and reports over IPC.
async function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case "cannon":
      return runCannon(job);
    case "drop":
      return runDrop(job);
    case "hold":
      return runHold(job);
  }
}

process.on("message", (message: JobMessage) => {
  run(message.job).then(
    (result) => process.send!({ id: message.id, result } satisfies ResultMessage),
    (error: unknown) =>
      process.send!({
        id: message.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies ResultMessage),
  );
});

// The orchestrator going away (even by SIGKILL) closes the IPC channel: stop with it.
process.on("disconnect", () => process.exit(0));
