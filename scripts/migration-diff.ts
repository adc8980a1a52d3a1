import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// `npm run db:diff [-- <git-ref>]`: prints the SQL that takes the schema at <git-ref> (default HEAD) to the
// working prisma/schema.prisma, to start a new migration. Prisma 7's CLI cannot diff offline, so this runs the
// Prisma 6.19 CLI (npm alias prisma-migrate) through the pg driver adapter (prisma/tools/prisma6.config.ts).
const root = process.cwd();
const ref = process.argv[2] ?? "HEAD";
const tmp = mkdtempSync(path.join(os.tmpdir(), "schema-diff-"));
const for6 = (schema: string) =>
  schema.replace(/provider = "postgresql"\n/, 'provider = "postgresql"\n  url      = env("DATABASE_URL")\n');

const before = execFileSync("git", ["show", `${ref}:prisma/schema.prisma`], { encoding: "utf8" });
writeFileSync(path.join(tmp, "from.prisma"), for6(before));
writeFileSync(
  path.join(root, "prisma/tools/schema6.prisma"),
  for6(readFileSync(path.join(root, "prisma/schema.prisma"), "utf8")),
);

const result = spawnSync(
  process.execPath,
  [
    path.join(root, "node_modules/prisma-migrate/build/index.js"),
    "migrate",
    "diff",
    "--from-schema-datamodel",
    path.join(tmp, "from.prisma"),
    "--to-schema-datamodel",
    "schema6.prisma",
    "--script",
    "--config",
    "prisma6.config.ts",
  ],
  {
    cwd: path.join(root, "prisma/tools"),
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      PRISMA_CLIENT_ENGINE_TYPE: "client",
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    },
  },
);
process.stdout.write(result.stdout);
if (result.status !== 0) {
  process.stderr.write(result.stderr);
  process.exit(result.status ?? 1);
}
