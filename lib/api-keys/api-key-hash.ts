import { createHash, randomBytes } from "node:crypto";

// Keys carry 256 random bits, so a fast hash stores them safely: there is nothing to brute-force.
const API_KEY_PREFIX = "tk_live_";

export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function looksLikeApiKey(key: string): boolean {
  return key.startsWith(API_KEY_PREFIX) && key.length <= 128;
}
