import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EmbeddedServer } from "../lib/db/embedded";
import { applyMigrations, ensureDatabase } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/prisma";
import { seedDemoData } from "../lib/db/seed";
import { startCluster, type Cluster } from "./cluster/start-cluster";
import { needsBuild } from "./needs-build";

// `npm run cluster`: HAProxy on PORT (default 3000) in front of CLUSTER_INSTANCES (default 3) instances of the
// production build on loopback ports, all on one PostgreSQL (DATABASE_URL, else the embedded one of `npm start`)
// and on Redis when REDIS_URL is set, plus CLUSTER_QUEUE_INSTANCES (default 1) processes of the waiting room alone
// that the balancer sends endpoints 1-3 to (docs/decisions/0023-waiting-room-processes.md; 0: the app serves them).
// Migrates, seeds an empty database and builds when needed, like npm start.
// Ctrl-C stops everything. docs/DEPLOY.md.
const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const log = (line: string) => console.log(`[cluster] ${line}`);
let embedded: EmbeddedServer | undefined;
let cluster: Cluster | undefined;
let stopping = false;

async function main() {
  const instances = Number(process.env.CLUSTER_INSTANCES ?? 3);
  const queueInstances = Number(process.env.CLUSTER_QUEUE_INSTANCES ?? 1);
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(instances) || instances < 1) throw new Error("CLUSTER_INSTANCES must be a positive integer");
  if (!Number.isInteger(queueInstances) || queueInstances < 0) {
    throw new Error("CLUSTER_QUEUE_INSTANCES must be 0 or a positive integer");
  }
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("../lib/db/embedded");
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(process.env.EMBEDDED_PG_DIR ?? path.join(root, ".data", "postgres")),
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      persistent: true,
      log,
    });
    process.env.DATABASE_URL = await ensureDatabase(embedded.url, "ticketing");
  }
  process.env.AUTH_SECRET ??= persistentSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  await applyMigrations(process.env.DATABASE_URL, undefined, log);
  const prisma = createPrisma(process.env.DATABASE_URL);
  try {
    if ((await prisma.concert.count()) === 0) await seedDemoData(prisma);
  } finally {
    await prisma.$disconnect();
  }
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (needsBuild(root, distDir)) {
    log("building the app (first run, or sources changed)");
    await new Promise<void>((resolve, reject) =>
      spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
        stdio: "inherit",
        env: { ...process.env, NODE_ENV: "production", NEXT_SKIP_TYPECHECK: "1", NEXT_DIST_DIR: distDir },
      }).on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)))),
    );
  }
  log(`starting ${instances} instances${process.env.REDIS_URL ? " (Redis: REDIS_URL)" : ""}`);
  cluster = await startCluster({ root, instances, queueInstances, port, distDir, log, echo: true });
  for (const i of [...cluster.instances, ...cluster.queueInstances]) log(`${i.name}: ${i.url} (pid ${i.pid})`);
  log(`ready: ${cluster.url} (HAProxy, round robin; kill -9 an instance's pid to watch the others carry on)`);
  // Runs until Ctrl-C; an instance that dies stays dead (the balancer routes around it), as in production.
  await new Promise<never>(() => {});
}

/** The secret of `npm start` (.data/auth-secret), so sessions work on both. */
function persistentSecret(): string {
  const file = path.join(root, ".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await cluster?.stop();
  await embedded?.stop().catch(() => {});
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
main().catch(async (error: unknown) => {
  console.error(`[cluster] failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
