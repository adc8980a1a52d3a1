import { prisma, type DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";

// Bursts (hundreds of fans on one seat) queue for a pool connection; a busy pool answers 503 with
// Retry-After instead of a bare 500, and a 5xx leaves an Idempotency-Key free for the retry.
const OPTIONS = { maxWait: 5_000, timeout: 10_000 };

export async function bookingTransaction<T>(work: (tx: DbTx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(work, OPTIONS);
  } catch (error) {
    if (prismaCode(error) === "P2028") throw new AppError("unavailable", "database busy, retry", { "Retry-After": "1" });
    throw error;
  }
}

export function prismaCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** The Postgres error code behind a failed raw query (Prisma wraps it as P2010). */
export function postgresCode(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta?.driverAdapterError?.cause;
  return typeof cause?.originalCode === "string" ? cause.originalCode : undefined;
}
