import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "../db/prisma";

// Server-side record of each signed-in session, so that signing out really ends it: the next-auth JWT is
// self-contained and would otherwise stay valid until it expires (7 days), whoever copied it. One indexed read
// per cookie-authenticated request (`isSessionLive`); API keys and queue tokens do not pay it.

/** Starts a session at sign-in; its id goes into the JWT as `sid` (128 random bits). */
export async function createSession(userId: number, now = new Date()): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  await prisma.session.create({ data: { id, userId, createdAt: now } });
  return id;
}

/** A cookie is good only while its session is on record, not revoked, and the user's own. */
export async function isSessionLive(sid: unknown, userId: number): Promise<boolean> {
  if (typeof sid !== "string" || sid.length === 0 || sid.length > 64) return false;
  const rows = await prisma.$queryRaw<{ ok: number }[]>`
    SELECT 1 AS ok FROM sessions WHERE id = ${sid} AND user_id = ${userId}::int AND revoked_at IS NULL`;
  return rows.length === 1;
}

/** Sign-out: the session's cookie stops working on every app instance at once. */
export async function revokeSession(sid: unknown, now = new Date()): Promise<void> {
  if (typeof sid !== "string") return;
  await prisma.session.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: now } });
}
