import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../lib/db/migrate";

// One migrated template database per version of prisma/migrations, kept between runs on the same server:
// every test file clones it (test/database-per-file.ts), so files run in parallel without sharing rows.
// Uses the server in DATABASE_URL, else an embedded one (new each run, so its template is too).
declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
    runId: string;
  }
}

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "..", "prisma", "migrations");
const TEMPLATE_PREFIX = "ticketing_tpl_";
// Advisory lock keys (two-int form, first int is ours): 0 guards creating and dropping templates; a run
// holds a shared lock on its template's key while it runs, so no other run drops that template under it.
const LOCK_NAMESPACE = 0x7469636b; // "tick"
const CREATE_LOCK = 0;
const templateLock = (hash: string) => parseInt(hash.slice(0, 8), 16) | 0;

/** sha256 over every file under prisma/migrations (relative path and bytes), first 12 hex digits. */
export async function migrationsHash(dir = MIGRATIONS_DIR): Promise<string> {
  const hash = createHash("sha256");
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
  for (const file of files) {
    const bytes = await readFile(path.join(dir, file));
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * Makes sure the migrated template of `hash` exists (creating it at most once however many runs start at
 * once), takes the run's shared lock on it on `admin`, and drops the templates of other hashes that no run
 * holds. Returns the template's name. `admin` must stay open for the whole run (it holds the shared lock).
 */
async function ensureTemplate(serverUrl: string, admin: pg.Client, hash: string, runId: string): Promise<string> {
  const template = `${TEMPLATE_PREFIX}${hash}`;
  await admin.query("SELECT pg_advisory_lock($1, $2)", [LOCK_NAMESPACE, CREATE_LOCK]);
  try {
    await admin.query("SELECT pg_advisory_lock_shared($1, $2)", [LOCK_NAMESPACE, templateLock(hash)]);
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [TEMPLATE_PREFIX],
    );
    const names = rows.map((r) => r.datname);
    // A run that died while migrating left its half-built copy behind; nobody else migrates while we hold the lock.
    for (const name of names.filter((n) => n.includes("_tmp_"))) await dropDatabase(serverUrl, name);
    if (!names.includes(template)) {
      // Migrated under a temporary name and renamed when complete, so the template is never half-migrated.
      const building = `${template}_tmp_${runId}`;
      try {
        await applyMigrations(await createDatabase(serverUrl, building), MIGRATIONS_DIR);
        await renameWhenIdle(admin, building, template);
      } catch (error) {
        await dropDatabase(serverUrl, building).catch(() => {});
        throw error;
      }
    }
    for (const name of names) {
      const other = /^ticketing_tpl_([0-9a-f]{12})$/.exec(name)?.[1];
      if (!other || other === hash) continue;
      const { rows: lock } = await admin.query<{ free: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS free", [
        LOCK_NAMESPACE,
        templateLock(other),
      ]);
      if (!lock[0]?.free) continue; // another run still clones from it
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {}); // in use by a session: keep it
      } finally {
        await admin.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_NAMESPACE, templateLock(other)]);
      }
    }
  } finally {
    await admin.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_NAMESPACE, CREATE_LOCK]);
  }
  return template;
}

/** RENAME needs the database idle; the migration's connection may take a moment to leave after it closed. */
async function renameWhenIdle(admin: pg.Client, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`ALTER DATABASE "${from}" RENAME TO "${to}"`);
      return;
    } catch (error) {
      // 55006 object_in_use: "database is being accessed by other users"
      if ((error as { code?: string }).code !== "55006" || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let embedded: EmbeddedServer | undefined;
let embeddedDir: string | undefined;

export default async function setup(project: TestProject) {
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embeddedDir = path.join(os.tmpdir(), `ticketing-test-pg-${runId}`);
    const port = 20000 + Math.floor(Math.random() * 20000);
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, port, persistent: false });
    serverUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  const templateDb = await ensureTemplate(serverUrl, admin, await migrationsHash(), runId);
  project.provide("pgServerUrl", serverUrl);
  project.provide("templateDb", templateDb);
  project.provide("runId", runId);

  return async () => {
    // The per-file clones go; the template stays for the next run.
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${runId}%`,
    ]);
    for (const { datname } of rows) await dropDatabase(serverUrl, datname);
    await admin.end(); // releases the shared lock on the template
    if (embedded) await embedded.stop();
    if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  };
}
