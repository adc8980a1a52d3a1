import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "../db/prisma";
import { logger } from "../observability/logger";
import { sessionCache } from "./session-cache";

// Server-side record of each signed-in session, so that signing out really ends it: the next-auth JWT is
// self-contained and would otherwise stay valid until it expires (7 days), whoever copied it. Each
// cookie-authenticated request asks `isSessionLive`: Redis first when the waiting room is on Redis
// (lib/auth/session-cache.ts), else one indexed read; API keys and queue tokens do not pay it.

/** Starts a session at sign-in; its id goes into the JWT as `sid` (128 random bits). */
export async function createSession(userId: number, now = new Date()): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  await prisma.session.create({ data: { id, userId, createdAt: now } });
  // Best effort: a missing entry is read from Postgres on first use.
  await sessionCache()
    ?.remember(id, userId, true)
    .catch(() => {});
  return id;
}

/** A cookie is good only while its session is on record, not revoked, and the user's own. */
export async function isSessionLive(sid: unknown, userId: number): Promise<boolean> {
  if (typeof sid !== "string" || sid.length === 0 || sid.length > 64) return false;
  const cache = sessionCache();
  const known = cache ? await cache.read(sid).catch(() => null) : null;
  if (known) return known.live && known.userId === userId;
  const rows = await prisma.$queryRaw<{ ok: number }[]>`
    SELECT 1 AS ok FROM sessions WHERE id = ${sid} AND user_id = ${userId}::int AND revoked_at IS NULL`;
  const live = rows.length === 1;
  if (live && cache) void cache.remember(sid, userId, false).catch(() => {});
  return live;
}

/** Sign-out: the session's cookie stops working on every app instance at once. */
export async function revokeSession(sid: unknown, now = new Date()): Promise<void> {
  if (typeof sid !== "string") return;
  await prisma.session.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: now } });
  await sessionCache()
    ?.revoke(sid)
    .catch((error: unknown) => {
      // Postgres has it; Redis's live entry, if any, lapses within SESSION_CACHE_SECONDS (ADR 0022).
      logger.warn({ err: error }, "sign-out: could not mark the session revoked in Redis");
    });
}
