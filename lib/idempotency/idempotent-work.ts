import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { prisma, type DbTx } from "../db/prisma";

// A claimed Idempotency-Key must know whether its work committed: a claim whose lease ran out may be taken over
// only if nothing committed (else the work would run twice), and only the use case's own transaction can say
// so atomically. runIdempotent runs the handler inside this scope; the transaction helpers of the use cases that
// honour the key (bookingTransaction, inWorkTransaction) call `markWorkCommitted` as their last statement.
// Without a scope (no key) nothing is written. docs/decisions/0004-idempotency-keys.md, "The lease".

type Claim = { recordId: number; leaseId: string; now: Date };

const scope = new AsyncLocalStorage<Claim>();

/** Thrown inside the work's transaction when another request has taken the key over: the work rolls back. */
export class LeaseLostError extends Error {
  constructor() {
    super("the Idempotency-Key lease was taken over by a later request");
    this.name = "LeaseLostError";
  }
}

export function runWithClaim<T>(claim: Claim, work: () => Promise<T>): Promise<T> {
  return scope.run(claim, work);
}

/**
 * Records, in the caller's transaction, that the claimed request's work is committing. It locks the record's
 * row, so a takeover either happened before (this finds another lease and throws, rolling the work back) or
 * waits for this commit and then sees `committed_at` (and leaves the key alone).
 */
export async function markWorkCommitted(tx: DbTx): Promise<void> {
  const claim = scope.getStore();
  if (!claim) return;
  const marked = await tx.$executeRaw`UPDATE idempotency_records SET committed_at = ${claim.now}::timestamptz
    WHERE id = ${claim.recordId}::int AND lease_id = ${claim.leaseId}::uuid AND response_status IS NULL`;
  if (marked !== 1) throw new LeaseLostError();
}

/**
 * Runs a use case's writes: as they are when no Idempotency-Key is claimed (a single statement stays one round
 * trip), or in a transaction ending with `markWorkCommitted` when one is.
 */
export async function inWorkTransaction<T>(work: (db: DbTx) => Promise<T>): Promise<T> {
  if (!scope.getStore()) return work(prisma);
  return prisma.$transaction(async (tx) => {
    const result = await work(tx);
    await markWorkCommitted(tx);
    return result;
  });
}
