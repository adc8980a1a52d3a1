import "server-only";
import { randomUUID } from "node:crypto";
import { isForeignKeyViolation } from "../db/pg-error";
import { prisma } from "../db/prisma";
import { oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { LeaseLostError, runWithClaim } from "./idempotent-work";
import { logger } from "../observability/logger";

export { requestFingerprint } from "./request-fingerprint";

export type StoredResponse = { status: number; body: unknown; headers?: Record<string, string> };

// Printable ASCII, spaces allowed inside (the Headers API already trims the ends).
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim holds its key without an answer. Far longer than any request may run (a booking transaction
 * waits at most 5 s for a connection and runs at most 10 s), so a live request is never overtaken; once it has
 * passed, a repeat takes over a key whose work did not commit (a 5xx whose release failed, a process that died).
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;
const SWEEP_PROBABILITY = 0.01;
// Writing the answer, or releasing the key after a 5xx, follows the work in statements of their own: a few
// quick retries ride out a dropped connection or a momentarily exhausted pool.
const WRITE_ATTEMPTS = 3;
const WRITE_RETRY_DELAY_MS = 50;
/**
 * Answers that say who the caller is or what they may do right now (401, 403) or how fast they go (429), never
 * what the request is: they are not stored, so the same request may run once the caller's credentials allow.
 */
const NEVER_STORED = new Set([401, 403, 429]);

/** Validates an `Idempotency-Key` header value; the wrapper calls it with the other input checks (400). */
export function parseIdempotencyKey(raw: string): string {
  if (!KEY_PATTERN.test(raw)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1-255 printable ASCII characters");
  }
  return raw;
}

type ClaimRow = {
  claimed_id: number | null;
  request_hash: string | null;
  created_at: Date | null;
  response_status: number | null;
  response_body: unknown;
  lease_until: Date | null;
  committed_at: Date | null;
};

/**
 * Runs `execute` at most once per (user, key) within 24 hours; the first completed answer (2xx or 4xx, but
 * never 401, 403 or 429) is the key's answer from then on. docs/decisions/0004-idempotency-keys.md.
 *
 * One statement claims the key with a lease: it inserts the (user_id, key) row, or takes over a row older than
 * the window, or one whose lease ran out with no answer and no committed work; otherwise it reads the row that
 * is there. The unique index decides between simultaneous requests: exactly one claims, the others see the
 * claim and get 409 in use (still running), 409 reused (another request) or the stored response.
 *
 * The handler runs inside the claim's scope, so the use case's transaction records that its work committed
 * (`markWorkCommitted`): a claim whose work committed is never taken over, and a claim that lost its lease
 * cannot commit. A 5xx releases the key at once (retried); if even that fails, the lease runs out and the key
 * is free then. What remains is the crash window after the work committed and before its answer was stored:
 * the key stays "in use" (409) until the window ends, the safe side, since running the work again could charge
 * twice.
 */
export async function runIdempotent(options: {
  userId: number;
  key: string;
  fingerprint: string;
  now: Date;
  execute: () => Promise<StoredResponse>;
}): Promise<StoredResponse & { replayed: boolean }> {
  const { userId, fingerprint, now } = options;
  const key = parseIdempotencyKey(options.key);
  const staleBefore = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
  const leaseId = randomUUID();
  const leaseUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS);
  const row = oneRow(await claim({ userId, key, fingerprint, now, staleBefore, leaseId, leaseUntil }), "claim row");

  if (row.claimed_id === null) {
    // Not ours. This statement's snapshot predates any claim it waited for: a row it cannot see, or sees still
    // free to take, was just claimed by a concurrent request that is now running.
    if (row.request_hash === null || row.created_at === null || takeable(row, now, staleBefore)) {
      throw new AppError("idempotency_key_in_use", "the first request with this key is still running");
    }
    if (row.request_hash !== fingerprint) {
      throw new AppError("idempotency_key_reused", "this key was used with a different request in the last 24 hours");
    }
    if (row.response_status === null)
      throw new AppError("idempotency_key_in_use", "the first request with this key is still running");
    return { status: row.response_status, body: row.response_body, replayed: true };
  }

  const record = { id: row.claimed_id, leaseId };
  let result: StoredResponse;
  try {
    result = await runWithClaim({ recordId: record.id, leaseId, now }, options.execute);
  } catch (error) {
    if (error instanceof LeaseLostError) {
      // A later request took the key over after this one's lease ran out; this one's work rolled back.
      throw new AppError("idempotency_key_in_use", "a later request with this key has taken over");
    }
    if (!(error instanceof AppError) || error.status >= 500 || NEVER_STORED.has(error.status)) {
      await release(record);
      throw error;
    }
    result = { status: error.status, body: error.toBody(), headers: error.headers };
  }
  if (result.status >= 500 || NEVER_STORED.has(result.status)) {
    await release(record);
  } else {
    await storeResponse(record, result);
  }
  // Housekeeping off the request's path: about one claim in a hundred trims expired records.
  if (Math.random() < SWEEP_PROBABILITY) void sweepExpiredIdempotencyRecords(now).catch(() => {});
  return { ...result, replayed: false };
}

/** The claim statement's own condition for taking a row over, as seen in a snapshot. */
function takeable(row: ClaimRow, now: Date, staleBefore: Date): boolean {
  if (row.created_at !== null && row.created_at <= staleBefore) return true;
  return (
    row.response_status === null && row.committed_at === null && row.lease_until !== null && row.lease_until <= now
  );
}

async function claim(c: {
  userId: number;
  key: string;
  fingerprint: string;
  now: Date;
  staleBefore: Date;
  leaseId: string;
  leaseUntil: Date;
}): Promise<ClaimRow[]> {
  try {
    return await prisma.$queryRaw<ClaimRow[]>`
      WITH claimed AS (
        INSERT INTO idempotency_records (user_id, key, request_hash, created_at, lease_id, lease_until)
        VALUES (${c.userId}::int, ${c.key}, ${c.fingerprint}, ${c.now}::timestamptz, ${c.leaseId}::uuid,
                ${c.leaseUntil}::timestamptz)
        ON CONFLICT (user_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
              created_at = EXCLUDED.created_at, lease_id = EXCLUDED.lease_id, lease_until = EXCLUDED.lease_until,
              committed_at = NULL
          WHERE idempotency_records.created_at <= ${c.staleBefore}::timestamptz
             OR (idempotency_records.response_status IS NULL AND idempotency_records.committed_at IS NULL
                 AND idempotency_records.lease_until <= ${c.now}::timestamptz)
        RETURNING id)
      SELECT (SELECT id FROM claimed) AS claimed_id, r.request_hash, r.created_at, r.response_status,
             r.response_body, r.lease_until, r.committed_at
      FROM (SELECT 1) AS one
      LEFT JOIN idempotency_records r ON r.user_id = ${c.userId}::int AND r.key = ${c.key}`;
  } catch (error) {
    // The identity named a user that no longer exists (a session outliving its account).
    if (isForeignKeyViolation(error)) throw new AppError("user_not_found");
    throw error;
  }
}

type Claimed = { id: number; leaseId: string };

/** Records the finished response for replays; never throws (see runIdempotent on what a failure leaves). */
async function storeResponse(record: Claimed, result: StoredResponse): Promise<void> {
  const body = JSON.stringify(result.body ?? null);
  // `json` (not jsonb) keeps the body's key order, so a replay is byte for byte the first response. Only while
  // this claim still holds the lease: a request that took the key over owns its answer.
  const stored = await retried(
    () => prisma.$executeRaw`UPDATE idempotency_records
      SET response_status = ${result.status}::int, response_body = ${body}::json, lease_until = NULL
      WHERE id = ${record.id}::int AND lease_id = ${record.leaseId}::uuid`,
  );
  if (stored instanceof Failed) {
    logger.error(
      { err: stored.error, record: record.id },
      `idempotency: response not stored after ${WRITE_ATTEMPTS} attempts; the key stays in use`,
    );
  }
}

/**
 * After a 5xx (or an answer that is never stored): frees the key for the retry, unless the work committed after
 * all. Retried; if it still fails, the lease runs out and a repeat takes the key over then.
 */
async function release(record: Claimed): Promise<void> {
  const released = await retried(
    () => prisma.$executeRaw`DELETE FROM idempotency_records
      WHERE id = ${record.id}::int AND lease_id = ${record.leaseId}::uuid
        AND response_status IS NULL AND committed_at IS NULL`,
  );
  if (released instanceof Failed) {
    logger.error(
      { err: released.error, record: record.id },
      `idempotency: record not released after ${WRITE_ATTEMPTS} attempts; the key is free when its lease runs out`,
    );
  }
}

class Failed {
  constructor(readonly error: unknown) {}
}

async function retried(write: () => Promise<number>): Promise<number | Failed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= WRITE_ATTEMPTS) return new Failed(error);
      await new Promise((resolve) => setTimeout(resolve, WRITE_RETRY_DELAY_MS * attempt));
    }
  }
}

/**
 * Deletes records past the window, oldest first, a batch at a time; SKIP LOCKED keeps concurrent
 * sweepers from waiting on (or deadlocking with) each other. Expired rows are harmless (a claim takes
 * them over), so this only keeps the table small; the wrapper runs it now and then.
 */
export async function sweepExpiredIdempotencyRecords(now: Date, batch = 500): Promise<number> {
  const staleBefore = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
  return prisma.$executeRaw`DELETE FROM idempotency_records WHERE id IN (
    SELECT id FROM idempotency_records WHERE created_at <= ${staleBefore}::timestamptz
    ORDER BY created_at LIMIT ${batch}::int FOR UPDATE SKIP LOCKED)`;
}
