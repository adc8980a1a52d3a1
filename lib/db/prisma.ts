import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "./generated/client";
import { config } from "../config";
import { logger } from "../observability/logger";

export type Db = PrismaClient;
/** A client or an interactive transaction: use cases accept either so callers can compose them. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// One client per process, kept on globalThis so Next's dev reloads do not open a pool per reload.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function createPrisma(url = databaseUrl(), options: { observed?: boolean } = {}): PrismaClient {
  // UTC sessions: raw queries pass Dates as zone-less text, which Postgres reads in the session's zone,
  // and an embedded server inherits the machine's zone from initdb.
  const adapter = new ResilientPrismaPg(
    { connectionString: url, max: config().DATABASE_POOL_SIZE, options: "-c TimeZone=UTC" },
    { statementNameGenerator: statementName },
    options.observed ?? false,
  );
  return new PrismaClient({ adapter });
}

// Named statements are prepared once per connection; unnamed ones are planned again on every call,
// which the benchmark showed was most of PostgreSQL's CPU on the status poll. The name is a hash of
// the SQL, so one name never means two texts. Bounded, because SQL whose text varies (IN lists) would
// otherwise grow every connection's statement cache without end: past the bound, queries go unnamed.
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

/** "" is pg's unnamed statement. */
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = "s_" + createHash("sha1").update(query.sql).digest("hex").slice(0, 24);
    statementNames.set(query.sql, name);
  }
  return name ?? "";
}

// The process's pool, for the metrics (lib/observability/metrics.ts): the adapter creates it on connect, and
// again after a reconnect, so it is picked up there. On globalThis like the client itself.
const POOL_KEY = Symbol.for("ticketing.db-pool");

class ResilientPrismaPg extends PrismaPg {
  constructor(
    config: pg.PoolConfig,
    options: ConstructorParameters<typeof PrismaPg>[1],
    private readonly observed: boolean,
  ) {
    super(config, options);
  }

  override async connect() {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver() as pg.Pool;
    // A connection the server ends (failover, pg_terminate_backend) emits "error" on its client; a client
    // checked out between queries has no listener of its own then, and an unheard "error" would end the
    // process. The query in flight still fails (and is answered 503); the pool drops the dead client.
    pool.on("connect", (client) => {
      client.on("error", (error) => logger.warn({ err: error.message }, "database: connection lost"));
    });
    if (this.observed) (globalThis as unknown as Record<symbol, unknown>)[POOL_KEY] = pool;
    return adapter;
  }
}

/** The pool of the process's client (`prisma` below), once it has connected. */
export function databasePool(): pg.Pool | undefined {
  return (globalThis as unknown as Record<symbol, pg.Pool | undefined>)[POOL_KEY];
}

export function databaseUrl(): string {
  const url = config().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  // Lazy, so importing this module (e.g. during `next build`) never opens a connection.
  get(_target, prop) {
    globalForPrisma.prisma ??= createPrisma(undefined, { observed: true });
    const value = Reflect.get(globalForPrisma.prisma, prop);
    return typeof value === "function" ? value.bind(globalForPrisma.prisma) : value;
  },
});
