import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { EmbeddedServer } from "../lib/db/embedded";
import { applyMigrations, createDatabase, dropDatabase } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/prisma";
import { seedDemoData } from "../lib/db/seed";
import { needsBuild } from "../scripts/needs-build";
import { E2E_DIST_DIR, E2E_SERVERS, READY_LINE, type E2eServer } from "./servers";

// The integration tests' build of the same tree (test/helpers/app-server.ts), reused when it is current:
// `npm test` runs them just before, and one production build fewer is a minute of CI.
const HTTP_DIST_DIR = ".next-http";
let distDir = E2E_DIST_DIR;

// Playwright's webServer: fresh databases (on the server in DATABASE_URL when set, else an embedded
// PostgreSQL), migrated and seeded; one production build; one server (scripts/serve.ts) per entry of E2E_SERVERS.
// On SIGTERM/SIGINT it stops the servers, drops the databases and removes the embedded cluster.
// E2E_REUSE_BUILD=1 skips `next build` when a build already exists (for iterating on tests only).

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const runId = `e2e_${Date.now().toString(36)}_${randomBytes(2).toString("hex")}`;
const authSecret = randomBytes(32).toString("hex");

let embedded: EmbeddedServer | undefined;
let embeddedDir: string | undefined;
let pgServerUrl: string | undefined;
const databases: string[] = [];
const children: ChildProcess[] = [];
let stopping = false;

function log(line: string): void {
  console.log(`[e2e-server] ${line}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  pgServerUrl = process.env.DATABASE_URL;
  if (!pgServerUrl) {
    embeddedDir = path.join(os.tmpdir(), `ticketing-${runId}`);
    const port = Number(process.env.E2E_PG_PORT ?? 3299);
    log(`starting embedded PostgreSQL on port ${port}`);
    const { startEmbeddedPostgres } = await import("../lib/db/embedded");
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, port, persistent: false, log });
    pgServerUrl = embedded.url;
  }

  const [prepared] = await Promise.all([prepareDatabases(pgServerUrl), build()]);
  await Promise.all(prepared.map(({ server, url }) => serve(server.port, { ...server.env, DATABASE_URL: url })));
  log(`${READY_LINE} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function prepareDatabases(serverUrl: string): Promise<{ server: E2eServer; url: string }[]> {
  const prepared: { server: E2eServer; url: string }[] = [];
  for (const server of E2E_SERVERS) {
    const name = `${runId}_${server.name.replace(/\W/g, "_")}`;
    const url = await createDatabase(serverUrl, name);
    databases.push(name);
    await applyMigrations(url);
    const prisma = createPrisma(url);
    try {
      await seedDemoData(prisma);
    } finally {
      await prisma.$disconnect();
    }
    prepared.push({ server, url });
  }
  log(`databases ready: ${databases.join(", ")}`);
  return prepared;
}

async function build(): Promise<void> {
  if (!needsBuild(root, HTTP_DIST_DIR) && !existsSync(path.join(root, `${HTTP_DIST_DIR}.lock`))) {
    distDir = HTTP_DIST_DIR;
    log(`reusing the current build in ${HTTP_DIST_DIR}`);
    return;
  }
  if (process.env.E2E_REUSE_BUILD === "1" && existsSync(path.join(root, E2E_DIST_DIR, "BUILD_ID"))) {
    log(`reusing the build in ${E2E_DIST_DIR}`);
    return;
  }
  log(`next build into ${E2E_DIST_DIR}`);
  const t = Date.now();
  // Type errors are `tsc --noEmit`'s job in `npm test`; the e2e build only needs to compile.
  await run(process.execPath, [nextBin, "build"], { NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_SKIP_TYPECHECK: "1" });
  log(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(child);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

async function serve(port: number, env: Record<string, string>): Promise<void> {
  // The production entry (scripts/serve.ts: our HTTP server in front of Next), as `npm start` runs it.
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts")], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: authSecret,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
    // Its own process group: Playwright signals ours, and we stop the servers before dropping their databases.
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      log(`server on port ${port} exited (${code ?? signal})`);
      void shutdown(1);
    }
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server on port ${port} did not become healthy`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log("stopping");
  await Promise.all(
    children
      .filter((c) => c.exitCode === null && c.signalCode === null)
      .map(
        (c) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => c.kill("SIGKILL"), 5_000);
            c.once("exit", () => {
              clearTimeout(force);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
  );
  if (pgServerUrl && !embedded) {
    for (const name of databases) await dropDatabase(pgServerUrl, name).catch((e) => log(`drop ${name}: ${e}`));
  }
  if (embedded) await embedded.stop().catch(() => {});
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true }).catch(() => {});
  log("stopped");
  process.exit(code);
}

process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

main().catch((error) => {
  console.error(`[e2e-server] ${error instanceof Error ? error.message : error}`);
  void shutdown(1);
});
