import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "../config";

// A queue token is `qt_` + base64url(4-byte id || first 16 bytes of HMAC-SHA256(key, id)):
// 128 unguessable bits, re-derivable from the id, so nothing secret is stored and a forged token
// is rejected without a database read.
const PREFIX = "qt_";
const MAC_BYTES = 16;
const TOKEN_PATTERN = /^qt_[A-Za-z0-9_-]{27}$/;

let key: Buffer | undefined;
function hmacKey(): Buffer {
  key ??= createHmac("sha256", authSecret()).update("queue-token-v1").digest();
  return key;
}

function mac(id: number): Buffer {
  return createHmac("sha256", hmacKey()).update(`queue-token:${id}`).digest().subarray(0, MAC_BYTES);
}

export function encodeQueueToken(id: number): string {
  const idBytes = Buffer.alloc(4);
  idBytes.writeUInt32BE(id);
  return PREFIX + Buffer.concat([idBytes, mac(id)]).toString("base64url");
}

export type DecodedToken = { kind: "malformed" } | { kind: "forged" } | { kind: "ok"; id: number };

// Tokens this process has verified, so a fan's next poll skips the HMAC (a crowd polls with the same tokens
// every few seconds). Only exact strings that passed the check are kept; bounded, emptied when full.
const VERIFIED_MAX = 100_000;
const verified = new Map<string, number>();

export function decodeQueueToken(token: string): DecodedToken {
  const known = verified.get(token);
  if (known !== undefined) return { kind: "ok", id: known };
  const decoded = verifyQueueToken(token);
  if (decoded.kind === "ok") {
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(token, decoded.id);
  }
  return decoded;
}

function verifyQueueToken(token: string): DecodedToken {
  if (!TOKEN_PATTERN.test(token)) return { kind: "malformed" };
  const bytes = Buffer.from(token.slice(PREFIX.length), "base64url");
  // The last character has two unused bits; only the string the server issues (those bits zero) is a token.
  if (bytes.length !== 4 + MAC_BYTES || bytes.toString("base64url") !== token.slice(PREFIX.length)) {
    return { kind: "malformed" };
  }
  const id = bytes.readUInt32BE(0);
  if (id < 1 || id > 2_147_483_647) return { kind: "forged" };
  return timingSafeEqual(bytes.subarray(4), mac(id)) ? { kind: "ok", id } : { kind: "forged" };
}

/** `Authorization: Bearer <token>` or a bare `Authorization: <token>`; null when absent. */
export function tokenFromHeader(header: string | null): string | null {
  if (header === null) return null;
  const value = header.trim();
  const match = /^Bearer\s+(.+)$/i.exec(value);
  return (match?.[1] ?? value).trim() || null;
}
