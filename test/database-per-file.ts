import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import pg from "pg";
import { withDatabase } from "../lib/db/migrate";

// Runs before each test file: a fresh database cloned from the migrated template.
const serverUrl = inject("pgServerUrl");
const name = `${inject("runId")}_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
await admin.end();

process.env.DATABASE_URL = withDatabase(serverUrl, name);
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
process.env.DATABASE_POOL_SIZE ??= "20";
// Most files make more sign-ups and joins than the limits allow; the files about limits turn them on.
process.env.RATE_LIMITS ??= "off";

afterAll(async () => {
  const { prisma } = await import("../lib/db/prisma");
  await prisma.$disconnect().catch(() => {});
});
