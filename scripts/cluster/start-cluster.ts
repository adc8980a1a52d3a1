import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { haproxyConfig } from "./haproxy-config";

// N app instances (scripts/serve.ts, each its own process on a loopback port) behind HAProxy, all on one
// PostgreSQL (and Redis when REDIS_URL is set): `npm run cluster` and test/integration/cluster.test.ts.

/** The loopback address the balancer connects from; the instances trust it (TRUSTED_PROXIES). */
export const BALANCER_SOURCE = "127.0.0.2";
const OUTPUT_LIMIT = 8 * 1024 * 1024;

export type Instance = {
  name: string;
  port: number;
  url: string;
  pid: number;
  output: () => string;
  alive: () => boolean;
  exited: Promise<void>;
};

export type Cluster = {
  url: string;
  instances: Instance[];
  /** The waiting room's own processes (endpoints 1-3), when `queueInstances` asked for some. */
  queueInstances: Instance[];
  balancerOutput: () => string;
  stop: () => Promise<void>;
};

export type ClusterOptions = {
  root: string;
  instances: number;
  /** Processes of the waiting room alone (`serve.ts --queue`) that the balancer sends endpoints 1-3 to (0: none). */
  queueInstances?: number;
  /** Port of the balancer on 127.0.0.1 (0: a free one). */
  port: number;
  /** The build to serve (NEXT_DIST_DIR). */
  distDir: string;
  /** Environment of every instance, over this process's own. */
  env?: Record<string, string>;
  /** One instance's own additions (e.g. its database application_name). */
  instanceEnv?: (index: number) => Record<string, string>;
  log?: (line: string) => void;
  /** Echo every instance's output here (npm run cluster) instead of only keeping it. */
  echo?: boolean;
};

export function haproxyBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/usr/local/sbin"])) {
    const candidate = path.join(dir, "haproxy");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, alive: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${what} exited before it was healthy`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} was not healthy within ${timeoutMs / 1000} s`);
}

function track(child: ChildProcess, echo: string | undefined) {
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    if (echo) process.stdout.write(text.replace(/^(?=.)/gm, `[${echo}] `));
    output += text;
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT / 2);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return { output: () => output, alive: () => child.exitCode === null && child.signalCode === null, exited };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), 8_000);
  await exited;
  clearTimeout(force);
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? (() => {});
  const haproxy = haproxyBinary();
  if (!haproxy) throw new Error("haproxy is not installed (Debian: apt-get install haproxy)");
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const children: { child: ChildProcess; exited: Promise<void> }[] = [];
  // Safety net: if this process ends before stop() (a test runner's timeout), nothing it started outlives it.
  const killAll = () => {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killAll);
  const dir = mkdtempSync(path.join(os.tmpdir(), "ticketing-cluster-"));
  const stop = async () => {
    await Promise.all(children.map(({ child, exited }) => stopChild(child, exited)));
    process.removeListener("exit", killAll);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const trusted = [BALANCER_SOURCE, options.env?.TRUSTED_PROXIES ?? process.env.TRUSTED_PROXIES]
      .filter(Boolean)
      .join(",");
    // No --conditions flag from this process may reach the servers (it breaks Next's React resolution).
    const nodeOptions = (process.env.NODE_OPTIONS ?? "").replace(/--conditions[= ]\S+/g, "").trim();
    const spawnInstance = async (name: string, i: number, args: string[]): Promise<Instance> => {
      const instancePort = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts"), ...args], {
        cwd: options.root,
        env: {
          ...process.env,
          NEXTAUTH_URL: url,
          ...options.env,
          ...options.instanceEnv?.(i),
          NODE_OPTIONS: nodeOptions,
          NODE_ENV: "production",
          NEXT_DIST_DIR: options.distDir,
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(instancePort),
          HOSTNAME: "127.0.0.1",
          TRUSTED_PROXIES: trusted,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const tracked = track(child, options.echo ? name : undefined);
      children.push({ child, exited: tracked.exited });
      return { name, port: instancePort, url: `http://127.0.0.1:${instancePort}`, pid: child.pid!, ...tracked };
    };
    const instances = await Promise.all(
      Array.from({ length: options.instances }, (_, i) => spawnInstance(`app${i + 1}`, i, [])),
    );
    const queueInstances = await Promise.all(
      Array.from({ length: options.queueInstances ?? 0 }, (_, i) =>
        spawnInstance(`queue${i + 1}`, options.instances + i, ["--queue"]),
      ),
    );
    const ports = instances.map((i) => i.port);
    await Promise.all([...instances, ...queueInstances].map((i) => waitHealthy(i.url, i.alive, `instance ${i.name}`)));
    log(`${instances.length} instances healthy on ports ${ports.join(", ")}`);
    if (queueInstances.length) log(`${queueInstances.length} waiting-room processes (endpoints 1-3) healthy`);

    const config = path.join(dir, "haproxy.cfg");
    writeFileSync(
      config,
      haproxyConfig({ bind: { host: "127.0.0.1", port }, source: BALANCER_SOURCE, instances, queueInstances }),
    );
    const balancer = spawn(haproxy, ["-db", "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
    const tracked = track(balancer, options.echo ? "haproxy" : undefined);
    children.push({ child: balancer, exited: tracked.exited });
    await waitHealthy(url, tracked.alive, "haproxy", 30_000).catch((error: Error) => {
      throw new Error(`${error.message}:\n${tracked.output().slice(-2000)}`);
    });
    // Let the balancer's first health checks mark every instance up before traffic arrives.
    await new Promise((r) => setTimeout(r, 300));
    log(`haproxy on ${url}`);
    return { url, instances, queueInstances, balancerOutput: tracked.output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
