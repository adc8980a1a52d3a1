import cluster from "node:cluster";
import path from "node:path";

// One app process per core on one port: Node cluster forks `next start` N times; the workers' listen()
// calls share the primary's socket and the primary hands out connections round-robin.
// Plain JavaScript so that no TypeScript loader runs in the primary.
const [workers, port] = process.argv.slice(2).map(Number);
const flags = process.env.BENCH_WORKER_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];

cluster.setupPrimary({
  exec: path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"),
  args: ["start", "-p", String(port), "-H", "127.0.0.1"],
  execArgv: flags,
});
for (let i = 0; i < workers; i++) cluster.fork();

let stopping = false;
cluster.on("exit", (worker, code) => {
  if (!stopping) {
    console.error(`worker ${worker.process.pid} exited with ${code}; stopping the cluster`);
    stop();
  }
});

function stop() {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  setTimeout(() => process.exit(0), 3000).unref();
  cluster.disconnect(() => process.exit(0));
}

process.on("SIGTERM", stop);
process.on("SIGINT", stop);
