import { databaseUrl } from "../lib/db/prisma";
import { applyMigrations } from "../lib/db/migrate";

// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (Prisma's CLI cannot, offline).
applyMigrations(databaseUrl(), undefined, console.log)
  .then((applied) => console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date"))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
