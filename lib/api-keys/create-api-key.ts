import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { hashApiKey, newApiKey } from "./api-key-hash";

const MAX_ACTIVE_KEYS = 20;

export async function createApiKey(userId: number, name: string, now: Date) {
  // A soft limit (not race-proof): it keeps a leaked session from minting keys without end.
  if ((await prisma.apiKey.count({ where: { userId, revokedAt: null } })) >= MAX_ACTIVE_KEYS) {
    throw new AppError("bad_request", `at most ${MAX_ACTIVE_KEYS} active keys; revoke one first`);
  }
  const key = newApiKey();
  const created = await prisma.apiKey.create({
    data: { userId, name, prefix: key.slice(0, 12), keyHash: hashApiKey(key), createdAt: now },
    select: { id: true, createdAt: true },
  });
  return { id: created.id, key, createdAt: created.createdAt.toISOString() };
}
