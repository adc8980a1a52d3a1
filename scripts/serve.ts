import cluster from "node:cluster";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";

// Serves the production build (`next build`, into NEXT_DIST_DIR or .next) behind the app's HTTP server
// (lib/server/create-http-server.ts), on PORT and HOSTNAME. `npm start` runs it after preparing the database
// and the build; `npm run serve` runs it alone; the e2e and HTTP tests start it too. Run with
// `node --import tsx scripts/serve.ts`, never with --conditions=react-server (see scripts/server-only-hook.mjs).
//
// `--queue`: the waiting room's own process instead (lib/server/start-queue-server.ts: endpoints 1-3, no Next),
// for a balancer that routes the crowd's paths to it (docs/decisions/0023-waiting-room-processes.md).
//
// One worker process per core (node:cluster: the workers share the port, the primary hands out connections
// round-robin); WEB_CONCURRENCY sets the number, 1 serves from this process alone. Every instance is stateless
// (queue, limits and sessions live in the database or Redis), so workers need no coordination of their own.
register("./server-only-hook.mjs", import.meta.url);

const requested = Number(process.env.WEB_CONCURRENCY ?? "");
const workers = Number.isInteger(requested) && requested >= 1 ? requested : os.availableParallelism();

if (cluster.isPrimary && workers > 1) {
  let stopping = false;
  let ready = 0;
  let url = "";
  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (message: { ready?: string }) => {
      if (!message?.ready) return;
      url = message.ready;
      if (++ready === workers) console.log(`[serve] ready on ${url} (${workers} workers)`);
    });
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    // A crashed worker is replaced; the others keep serving meanwhile.
    console.error(`[serve] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1_000).unref();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      const force = setTimeout(() => process.exit(0), 10_000);
      force.unref();
      cluster.on("exit", () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      });
    });
  }
} else {
  const root = path.resolve(import.meta.dirname, "..");
  const running = process.argv.includes("--queue")
    ? await (await import("../lib/server/start-queue-server")).startQueueServer()
    : await (await import("../lib/server/start-server")).startServer({ dir: root });
  if (cluster.isWorker) process.send?.({ ready: running.url });
  else console.log(`[serve] ready on ${running.url}`);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void running.stop().then(() => process.exit(0));
    });
  }
}
