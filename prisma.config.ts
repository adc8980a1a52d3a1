import { defineConfig } from "prisma/config";

// Prisma 7's CLI downloads a schema engine for every command, even those that never run it.
// generate/validate/format do not need it, so point them at any existing file to stay offline.
// Scoped to those commands only: leaked into migrate/db commands it would break them.
const offlineCommands = new Set(["generate", "validate", "format"]);
if (process.argv.some((arg) => offlineCommands.has(arg)) && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = "package.json";
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/ticketing" },
});
