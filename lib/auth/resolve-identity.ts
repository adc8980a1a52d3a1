import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { hashApiKey, looksLikeApiKey } from "../api-keys/api-key-hash";
import { limitApiKey } from "../rate-limit/limits";
import { assertSameOriginWrite } from "./same-origin";
import { sessionFromCookie } from "./session-cookie";
import { isSessionLive } from "./sessions";

export type Identity = { userId: number; via: "session" | "api-key"; apiKeyId?: number };

/**
 * Who is calling: an `X-API-Key` header (partners) or the next-auth session cookie (fans).
 * A key that is present but wrong is a 401 rather than a fall-back to the cookie, so a partner
 * with a revoked key finds out at once. A cookie counts only while its session is live (not signed out:
 * lib/auth/sessions.ts), and a write it authenticates must come from this site (lib/auth/same-origin.ts).
 */
async function resolveIdentity(req: Request): Promise<Identity | null> {
  const key = req.headers.get("x-api-key");
  if (key !== null) {
    if (!looksLikeApiKey(key)) throw new AppError("invalid_api_key");
    const found = await prisma.apiKey.findUnique({
      where: { keyHash: hashApiKey(key) },
      select: { id: true, userId: true, revokedAt: true },
    });
    if (!found || found.revokedAt) throw new AppError("invalid_api_key");
    await limitApiKey(found.id); // 429 past RATE_LIMIT_API_KEY_PER_SECOND (bursts of RATE_LIMIT_API_KEY_BURST)
    touchApiKey(found.id);
    return { userId: found.userId, via: "api-key", apiKeyId: found.id };
  }
  const session = await sessionFromCookie(req.headers.get("cookie"));
  if (session === null || !(await isSessionLive(session.sid, session.userId))) return null;
  assertSameOriginWrite(req);
  return { userId: session.userId, via: "session" };
}

export async function requireIdentity(req: Request): Promise<Identity> {
  const identity = await resolveIdentity(req);
  if (!identity) throw new AppError("authentication_required");
  return identity;
}

/** Acting on another user's id is a 403, whichever credential was used. */
export function assertSelf(identity: Identity, userId: number): void {
  if (identity.userId !== userId) throw new AppError("forbidden");
}

// Last use is shown on the account page; minute precision is enough, so most requests skip the write,
// and it never delays the request it belongs to.
function touchApiKey(id: number): void {
  prisma.$executeRaw`UPDATE api_keys SET last_used_at = now()
    WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`.catch(() => {});
}
