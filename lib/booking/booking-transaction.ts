import "server-only";
import { prismaCode } from "../db/pg-error";
import { prisma, type DbTx } from "../db/prisma";
import { AppError } from "../http/app-error";
import { markWorkCommitted } from "../idempotency/idempotent-work";

// Bursts (hundreds of fans on one seat) queue for a pool connection; a busy pool answers 503 with
// Retry-After instead of a bare 500, and a 5xx leaves an Idempotency-Key free for the retry.
const OPTIONS = { maxWait: 5_000, timeout: 10_000 };

/** A booking use case's transaction; with a claimed Idempotency-Key it also records that the work committed. */
export async function bookingTransaction<T>(work: (tx: DbTx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(async (tx) => {
      const result = await work(tx);
      await markWorkCommitted(tx);
      return result;
    }, OPTIONS);
  } catch (error) {
    // P2028: no connection (or transaction) within maxWait.
    if (prismaCode(error) === "P2028")
      throw new AppError("service_unavailable", "database busy, retry", { "Retry-After": "1" });
    throw error;
  }
}
