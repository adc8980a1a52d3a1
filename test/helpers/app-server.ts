import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { needsBuild } from "../../scripts/needs-build";

// The production app over real HTTP, for tests that need what only a running server has (next-auth's routes,
// the HTTP server in front of Next, several app processes sharing one store): a build of its own in .next-http,
// made when the sources are newer than it, and any number of `scripts/serve.ts` processes on free ports.

const root = path.resolve(import.meta.dirname, "..", "..");
export const HTTP_DIST_DIR = ".next-http";
const LOCK = path.join(root, `${HTTP_DIST_DIR}.lock`);

/** Builds .next-http when needed; one build at a time per work tree (a lock file holding the builder's pid). */
export async function ensureAppBuild(): Promise<void> {
  await withLock(async () => {
    if (!needsBuild(root, HTTP_DIST_DIR)) return;
    const tsconfig = readFileSync(path.join(root, "tsconfig.json"), "utf8");
    try {
      await new Promise<void>((resolve, reject) => {
        const output: string[] = [];
        const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
          cwd: root,
          env: {
            ...process.env,
            NODE_ENV: "production",
            NEXT_DIST_DIR: HTTP_DIST_DIR,
            NEXT_TELEMETRY_DISABLED: "1",
            NEXT_SKIP_TYPECHECK: "1", // `npm test` type-checks the same tree
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (c: Buffer) => output.push(c.toString()));
        child.stderr.on("data", (c: Buffer) => output.push(c.toString()));
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`next build failed:\n${output.join("").slice(-4000)}`)),
        );
      });
    } finally {
      // next build may add its dist dir to tsconfig.json's include; it is listed there already.
      if (readFileSync(path.join(root, "tsconfig.json"), "utf8") !== tsconfig) {
        writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
      }
    }
  });
}

async function withLock(work: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      const fd = openSync(LOCK, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(LOCK, "utf8").trim() || "0");
      if (!owner || !alive(owner)) {
        try {
          unlinkSync(LOCK);
        } catch {
          // taken over by someone else first
        }
        continue;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    await work();
  } finally {
    unlinkSync(LOCK);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type AppProcess = { url: string; port: number; ready: string; output: () => string; stop: () => Promise<void> };
const running = new Set<ChildProcess>();

/**
 * One app process (scripts/serve.ts, as `npm start` runs it) on a free port, on this test file's database;
 * `args` `["--queue"]`: the waiting room's own process instead.
 */
export async function startApp(env: Record<string, string> = {}, args: string[] = []): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts"), ...args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: HTTP_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_POOL_SIZE: "4",
      // One process per app unless a test asks for workers (tests start several apps of their own).
      WEB_CONCURRENCY: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 60_000);
    const check = () => {
      const line = /\[serve\] ready on (\S+)/.exec(output)?.[1];
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`app exited (${code}):\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ready,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 8_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** Safety net for a test that failed before stopping its apps. */
export function killAllApps(): void {
  for (const child of running) child.kill("SIGKILL");
}
