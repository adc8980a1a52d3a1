import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { DIST_DIR, NEXT_BIN } from "./build";

// Child processes of the benchmark. Each runs in its own process group (detached) so that stopping it
// also stops anything it spawned; `killAllSync` runs from the exit handler so nothing outlives the run.
const live = new Set<ChildProcess>();

export type RunningServer = {
  name: string;
  pids: () => number[];
  stop: () => Promise<void>;
  output: () => string;
  /** Milliseconds from spawn until it answered HTTP (a CPU profile's start-up part). */
  readyMs: number;
};

type AppEnv = Record<string, string>;

/** `next start` on 127.0.0.1:port; `workers` > 1 runs that many app processes on the port (Node cluster). */
export async function startApp(options: {
  root: string;
  port: number;
  env: AppEnv;
  workers?: number;
  cpuProfDir?: string;
}): Promise<RunningServer> {
  const workers = options.workers ?? 1;
  const nodeFlags = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const args =
    workers > 1
      ? [path.join("bench", "cluster-primary.mjs"), String(workers), String(options.port)]
      : [...nodeFlags, NEXT_BIN, "start", "-p", String(options.port), "-H", "127.0.0.1"];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (workers > 1 && nodeFlags.length) env.BENCH_WORKER_NODE_FLAGS = nodeFlags.join(" ");
  const server = spawnTracked(`next start x${workers}`, args, options.root, env);
  const spawned = Date.now();
  await waitForHttp(`http://127.0.0.1:${options.port}/api/health`, server, 30_000);
  server.readyMs = Date.now() - spawned;
  return server;
}

/** The ceiling: a bare node:http server answering the same JSON as /api/health. */
export async function startBareServer(root: string, port: number): Promise<RunningServer> {
  const server = spawnTracked(
    "bare node:http",
    [path.join("bench", "bare-server.mjs"), String(port)],
    root,
    process.env,
  );
  await waitForHttp(`http://127.0.0.1:${port}/`, server, 15_000);
  return server;
}

function spawnTracked(
  name: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): RunningServer & { child: ChildProcess } {
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => live.delete(child));
  return {
    child,
    name,
    readyMs: 0,
    pids: () => (child.pid && child.exitCode === null ? [child.pid] : []),
    output: () => lines.join(""),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 8000);
      await exited;
      clearTimeout(timer);
      // Workers of a cluster may linger a moment after their primary.
      signalGroup(child, "SIGKILL");
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHttp(
  url: string,
  server: RunningServer & { child: ChildProcess },
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`${server.name} exited (${server.child.exitCode}):\n${server.output().slice(-3000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error(
    `${server.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${server.output().slice(-3000)}`,
  );
}

/** From the exit handler: no awaiting possible, so every group gets SIGKILL at once. */
export function killAllSync(): void {
  for (const child of live) signalGroup(child, "SIGKILL");
}
