import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../lib/db/migrate";

// One migrated template database per run; every test file clones it (test/database-per-file.ts),
// so files run in parallel without sharing rows. Uses the server in DATABASE_URL, else an embedded one.
declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
    runId: string;
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
  const templateDb = `${runId}_template`;
  const templateUrl = await createDatabase(serverUrl, templateDb);
  await applyMigrations(templateUrl);
  project.provide("pgServerUrl", serverUrl);
  project.provide("templateDb", templateDb);
  project.provide("runId", runId);

  return async () => {
    const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${runId}%`,
    ]);
    await admin.end();
    for (const { datname } of rows) await dropDatabase(serverUrl, datname);
    if (embedded) await embedded.stop();
    if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  };
}
