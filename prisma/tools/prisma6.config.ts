// Config for the Prisma 6.19 CLI (npm alias `prisma-migrate`), used only to author migration SQL
// offline: its JS engine talks to Postgres through the pg adapter instead of a downloaded binary.
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaConfig } from "prisma-migrate";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema6.prisma",
  adapter: async () => new PrismaPg({ connectionString: url }),
} as unknown as PrismaConfig;
