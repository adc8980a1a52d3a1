import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { config } from "../config";

export type Db = PrismaClient;
/** A client or an interactive transaction: use cases accept either so callers can compose them. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// One client per process, kept on globalThis so Next's dev reloads do not open a pool per reload.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function createPrisma(url = databaseUrl()): PrismaClient {
  // UTC sessions: raw queries pass Dates as zone-less text, which Postgres reads in the session's zone,
  // and an embedded server inherits the machine's zone from initdb.
  const adapter = new PrismaPg({ connectionString: url, max: config().DATABASE_POOL_SIZE, options: "-c TimeZone=UTC" });
  return new PrismaClient({ adapter });
}

export function databaseUrl(): string {
  const url = config().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  // Lazy, so importing this module (e.g. during `next build`) never opens a connection.
  get(_target, prop) {
    globalForPrisma.prisma ??= createPrisma();
    const value = Reflect.get(globalForPrisma.prisma, prop);
    return typeof value === "function" ? value.bind(globalForPrisma.prisma) : value;
  },
});
