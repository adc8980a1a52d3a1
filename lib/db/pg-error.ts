import { Prisma } from "./generated/client";

// One reader for "which database error was this", whether Prisma raised it from a model query
// (P2002, P2003, ...) or passed a Postgres SQLSTATE through from a raw query or the driver adapter.

/** Prisma's own error code (P2002, P2028, ...), if any. */
export function prismaCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** The Postgres SQLSTATE behind a failed query (23505 unique, 23503 foreign key, 22021 bad encoding, ...). */
export function postgresCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const meta = (error as { meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } } })
    .meta;
  const nested = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof nested === "string") return nested;
  if (typeof meta?.code === "string" && /^[0-9A-Z]{5}$/.test(meta.code)) return meta.code;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") return "23505";
    if (error.code === "P2003") return "23503";
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => postgresCode(error) === "23505";
export const isForeignKeyViolation = (error: unknown) => postgresCode(error) === "23503";

// Connection-level failures: the server went away (failover, restart, network cut), closed our connection
// or refused a new one. Nothing the request did; a retry on a fresh connection can succeed.
const TRANSIENT_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;
const TRANSIENT_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const TRANSIENT_MESSAGE =
  /Connection terminated|connection (?:is )?closed|connection error and is not queryable|ECONNRESET|ECONNREFUSED|EPIPE|server closed the connection/i;

/** Whether a query failed because the database connection did, not because of what it asked (a retry may work). */
export function isTransientDatabaseError(error: unknown): boolean {
  const sqlState = postgresCode(error);
  if (sqlState && TRANSIENT_SQLSTATES.test(sqlState)) return true;
  const code = prismaCode(error);
  if (code && TRANSIENT_PRISMA.has(code)) return true;
  const message =
    error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  const nested = (error as { meta?: { driverAdapterError?: { message?: unknown } } } | null)?.meta?.driverAdapterError;
  return TRANSIENT_MESSAGE.test(message) || TRANSIENT_MESSAGE.test(String(nested?.message ?? ""));
}
