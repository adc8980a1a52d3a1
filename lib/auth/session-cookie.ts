import "server-only";
import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";
import { authSecret } from "../config";

// next-auth names its cookie by scheme and splits large values into `.0`, `.1`, ... chunks.
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed cookie is treated as absent.
    }
  }
  return cookies;
}

function sessionToken(cookies: Map<string, string>): string | undefined {
  for (const name of COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length) return chunks.join("");
  }
  return undefined;
}

// next-auth's `decode` (next-auth/jwt) derives the cookie's key with HKDF on every call: a tenth of a queue
// join's CPU. The same derivation (SHA-256, no salt, next-auth's info string, 32 bytes) and the same check
// (jose's jwtDecrypt, 15 s of clock tolerance), with the key derived once per secret; the unit test decodes
// cookies next-auth itself encoded.
let derived: { secret: string; key: Uint8Array } | undefined;
function encryptionKey(secret: string): Uint8Array {
  if (derived?.secret !== secret) {
    derived = {
      secret,
      key: new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32)),
    };
  }
  return derived.key;
}

/** The user id and session id (`sid`) of the next-auth session cookie, or null; not checked against the database. */
export async function sessionFromCookie(cookieHeader: string | null): Promise<{ userId: number; sid: unknown } | null> {
  const token = sessionToken(parseCookies(cookieHeader));
  if (!token) return null;
  try {
    const { payload: jwt } = await jwtDecrypt(token, encryptionKey(authSecret()), { clockTolerance: 15 });
    const id = Number(jwt?.sub);
    return Number.isSafeInteger(id) && id > 0 ? { userId: id, sid: jwt?.sid } : null;
  } catch {
    return null;
  }
}

/** The signed-in user's id from the next-auth session cookie, or null (the JWT only; see isSessionLive). */
export async function sessionUserId(cookieHeader: string | null): Promise<number | null> {
  return (await sessionFromCookie(cookieHeader))?.userId ?? null;
}
