import "server-only";
import { createHash } from "node:crypto";
import { isForeignKeyViolation } from "../db/pg-error";
import { prisma } from "../db/prisma";
import { oneRow } from "../db/rows";
import { AppError } from "../http/app-error";

export type StoredResponse = { status: number; body: unknown; headers?: Record<string, string> };

// Printable ASCII, spaces allowed inside (the Headers API already trims the ends).
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const SWEEP_PROBABILITY = 0.01;
// Storing the response follows a committed use case, so a failure there must not turn a success into
// a 500: a few quick retries ride out a dropped connection or a momentarily exhausted pool.
const STORE_ATTEMPTS = 3;
const STORE_RETRY_DELAY_MS = 50;

/** Validates an `Idempotency-Key` header value; the wrapper calls it with the other input checks (400). */
export function parseIdempotencyKey(raw: string): string {
  if (!KEY_PATTERN.test(raw)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1-255 printable ASCII characters");
  }
  return raw;
}

/**
 * What makes two requests "the same": method, path and the body after parsing, with object keys
 * sorted so that `{"a":1,"b":2}` and `{"b":2,"a":1}` match. Parsing first means the stored fingerprint
 * describes what the handler acted on (defaults applied, strings trimmed), not incidental bytes.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`)
    .digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

type ClaimRow = {
  claimed_id: number | null;
  request_hash: string | null;
  created_at: Date | null;
  response_status: number | null;
  response_body: unknown;
};

/**
 * Runs `execute` at most once per (user, key) within 24 hours.
 *
 * One statement claims the key: it inserts the (user_id, key) row, or takes over a row older than the
 * window, and otherwise reads the row that is there. The unique index decides between simultaneous
 * requests: exactly one claims, the others see the claim and get 409 in use (still running), 409 reused
 * (another request) or the stored response. 2xx/4xx results are stored and replayed; a 5xx or a crash
 * of the handler releases the key so the client can retry.
 *
 * Storing the response is retried (`storeResponse`); if every attempt fails the client still gets the
 * response it earned (the work is committed, so a 500 would tell it the opposite) and the failure is
 * logged. What remains is a crash window: a process that dies, or a store that keeps failing, after the
 * handler committed but before the response was stored leaves the key "in use" (409) until the window
 * ends. That is the safe side, since releasing the key and running the work again could charge twice.
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
  const row = oneRow(await claim(userId, key, fingerprint, now, staleBefore), "claim row");

  if (row.claimed_id === null) {
    // Not ours. This statement's snapshot predates any claim it waited for: a row it cannot see, or
    // sees still expired, was just claimed by a concurrent request that is now running.
    if (row.request_hash === null || row.created_at === null || row.created_at <= staleBefore) {
      throw new AppError("idempotency_key_in_use", "the first request with this key is still running");
    }
    if (row.request_hash !== fingerprint) {
      throw new AppError("idempotency_key_reused", "this key was used with a different request in the last 24 hours");
    }
    if (row.response_status === null)
      throw new AppError("idempotency_key_in_use", "the first request with this key is still running");
    return { status: row.response_status, body: row.response_body, replayed: true };
  }

  const recordId = row.claimed_id;
  let result: StoredResponse;
  try {
    result = await options.execute();
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) {
      await release(recordId);
      throw error;
    }
    result = { status: error.status, body: error.toBody(), headers: error.headers };
  }
  if (result.status >= 500) {
    await release(recordId);
  } else {
    await storeResponse(recordId, result);
  }
  // Housekeeping off the request's path: about one claim in a hundred trims expired records.
  if (Math.random() < SWEEP_PROBABILITY) void sweepExpiredIdempotencyRecords(now).catch(() => {});
  return { ...result, replayed: false };
}

async function claim(
  userId: number,
  key: string,
  fingerprint: string,
  now: Date,
  staleBefore: Date,
): Promise<ClaimRow[]> {
  try {
    return await prisma.$queryRaw<ClaimRow[]>`
      WITH claimed AS (
        INSERT INTO idempotency_records (user_id, key, request_hash, created_at)
        VALUES (${userId}::int, ${key}, ${fingerprint}, ${now}::timestamptz)
        ON CONFLICT (user_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
              created_at = EXCLUDED.created_at
          WHERE idempotency_records.created_at <= ${staleBefore}::timestamptz
        RETURNING id)
      SELECT (SELECT id FROM claimed) AS claimed_id, r.request_hash, r.created_at, r.response_status, r.response_body
      FROM (SELECT 1) AS one
      LEFT JOIN idempotency_records r ON r.user_id = ${userId}::int AND r.key = ${key}`;
  } catch (error) {
    // The identity named a user that no longer exists (a session outliving its account).
    if (isForeignKeyViolation(error)) throw new AppError("user_not_found");
    throw error;
  }
}

/** Records the finished response for replays; never throws (see runIdempotent on what a failure leaves). */
async function storeResponse(recordId: number, result: StoredResponse): Promise<void> {
  const body = JSON.stringify(result.body ?? null);
  for (let attempt = 1; ; attempt++) {
    try {
      // `json` (not jsonb) keeps the body's key order, so a replay is byte for byte the first response.
      await prisma.$executeRaw`UPDATE idempotency_records
        SET response_status = ${result.status}::int, response_body = ${body}::json
        WHERE id = ${recordId}::int`;
      return;
    } catch (error) {
      if (attempt >= STORE_ATTEMPTS) {
        console.error(
          `idempotency: response of record ${recordId} not stored after ${attempt} attempts; the key stays in use`,
          error,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, STORE_RETRY_DELAY_MS * attempt));
    }
  }
}

async function release(recordId: number): Promise<void> {
  await prisma.$executeRaw`DELETE FROM idempotency_records WHERE id = ${recordId}::int AND response_status IS NULL`.catch(
    () => {},
  );
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
