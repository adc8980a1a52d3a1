import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { applyMigrations, ensureDatabase } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/prisma";
import { seedDemoData } from "../lib/db/seed";
import { needsBuild } from "./needs-build";

// `npm start`: one command from a fresh clone to a running site. Uses DATABASE_URL when set, else an
// embedded PostgreSQL kept under .data/; migrates, seeds an empty database, builds when needed, serves.
// Everything is relative to the project, wherever it is started from.
const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const dataDir = path.join(root, ".data");
const NEXT_BIN = path.join(root, "node_modules", "next", "dist", "bin", "next");
const log = (line: string) => console.log(`[start] ${line}`);

let embedded: EmbeddedServer | undefined;
let server: ChildProcess | undefined;
let stopping = false;

async function main() {
  const t0 = Date.now();
  const port = Number(process.env.PORT ?? 3000);
  if (!process.env.DATABASE_URL) {
    const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    log(`DATABASE_URL is not set: starting the embedded PostgreSQL on port ${pgPort}`);
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(process.env.EMBEDDED_PG_DIR ?? path.join(dataDir, "postgres")),
      port: pgPort,
      persistent: true,
      log,
    });
    const where = path.relative(root, embedded.dataDir);
    log(
      `embedded PostgreSQL is up (data in ${where.startsWith("..") || path.isAbsolute(where) ? embedded.dataDir : where})`,
    );
    process.env.DATABASE_URL = await ensureDatabase(embedded.url, "ticketing");
  } else {
    log("using the database in DATABASE_URL");
  }
  process.env.AUTH_SECRET ??= persistentSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";

  const applied = await applyMigrations(process.env.DATABASE_URL, undefined, log);
  if (!applied.length) log("database schema is up to date");
  const prisma = createPrisma(process.env.DATABASE_URL);
  try {
    if ((await prisma.concert.count()) === 0) {
      log("empty database: adding the demo concerts and fans");
      await seedDemoData(prisma);
    }
  } finally {
    await prisma.$disconnect();
  }

  if (needsBuild(root, process.env.NEXT_DIST_DIR ?? ".next")) {
    log("building the app (first run, or sources changed); this takes a minute");
    // Type-checking is `npm test`'s job (tsc --noEmit); a first start only needs the app compiled.
    await run(["build"], { NEXT_SKIP_TYPECHECK: "1" });
  }
  const host = process.env.HOSTNAME || "localhost";
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s of preparation; serving on http://${host}:${port}`);
  // Our HTTP server in front of Next (scripts/serve.ts), on PORT and HOSTNAME. Not with this process's
  // --conditions=react-server, which would break Next's own React resolution.
  server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "serve.ts")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), NODE_OPTIONS: withoutConditions() },
  });
  server.on("exit", (code) => void shutdown(code ?? 0));
}

/** NODE_OPTIONS without a --conditions flag (tsx may pass this process's own on to children through it). */
function withoutConditions(): string {
  return (process.env.NODE_OPTIONS ?? "").replace(/--conditions[= ]\S+/g, "").trim();
}

/** A secret generated on first start and kept in .data/, so sessions survive restarts. */
function persistentSecret(): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  log("generated AUTH_SECRET in .data/auth-secret");
  return secret;
}

function run(args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", ...env },
    });
    server = child;
    child.on("exit", (code) => {
      server = undefined;
      if (code === 0) resolve();
      else reject(new Error(`next ${args.join(" ")} exited with ${code}`));
    });
  });
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server!.once("exit", r));
  }
  if (embedded) {
    log("stopping the embedded PostgreSQL");
    // Ctrl-C reaches PostgreSQL too (same process group); it may already be down, so do not wait forever.
    await Promise.race([embedded.stop().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));

main().catch(async (error) => {
  const text = error instanceof Error && error.message ? error.message : inspect(error);
  console.error(`[start] failed: ${text}`);
  await shutdown(1);
});
