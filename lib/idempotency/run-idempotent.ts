import { createHash } from "node:crypto";
import { Prisma } from "../db/generated/client";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";

export type StoredResponse = { status: number; body: unknown; headers?: Record<string, string> };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest("hex");
}

/**
 * Runs `execute` at most once per (user, key). The unique (user_id, key) row is claimed before the
 * work starts, so a concurrent repeat finds it and gets 409 instead of running the work again.
 * 2xx/4xx results are stored and replayed; a 5xx or a crash releases the key for a retry.
 */
export async function runIdempotent(options: {
  userId: number;
  key: string;
  fingerprint: string;
  now: Date;
  execute: () => Promise<StoredResponse>;
}): Promise<StoredResponse & { replayed: boolean }> {
  const { userId, key, fingerprint, now } = options;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError("badRequest", "Idempotency-Key must be 1-255 printable ASCII characters");
  }
  const staleBefore = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
  await prisma.idempotencyRecord.deleteMany({ where: { userId, key, createdAt: { lt: staleBefore } } });
  const claimed = await prisma.$executeRaw`
    INSERT INTO idempotency_records (user_id, key, request_hash, created_at)
    VALUES (${userId}, ${key}, ${fingerprint}, ${now})
    ON CONFLICT (user_id, key) DO NOTHING`;
  if (claimed === 0) {
    const existing = await prisma.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
    if (!existing) throw new AppError("idempotencyKeyInUse", "retry the request");
    if (existing.requestHash !== fingerprint) throw new AppError("idempotencyKeyReused");
    if (existing.responseStatus === null) throw new AppError("idempotencyKeyInUse");
    return { status: existing.responseStatus, body: existing.responseBody, replayed: true };
  }
  let result: StoredResponse;
  try {
    result = await options.execute();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      result = { status: error.status, body: error.toBody(), headers: error.headers };
    } else {
      await release(userId, key);
      throw error;
    }
  }
  if (result.status >= 500) {
    await release(userId, key);
  } else {
    await prisma.idempotencyRecord.update({
      where: { userId_key: { userId, key } },
      data: { responseStatus: result.status, responseBody: (result.body ?? Prisma.JsonNull) as Prisma.InputJsonValue },
    });
  }
  return { ...result, replayed: false };
}

async function release(userId: number, key: string): Promise<void> {
  await prisma.idempotencyRecord.deleteMany({ where: { userId, key, responseStatus: null } }).catch(() => {});
}
