import { createHash } from "node:crypto";
import type { BodyOutcome } from "../http/parse-input";

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

/**
 * The fingerprint of a request from its body outcome: a valid body as `requestFingerprint` has it (so records
 * made before refused bodies were recorded keep matching), a refused one from what was sent: the JSON value
 * (canonical) if it parsed, else the text, else the refusal's kind. The `refused` line cannot collide with a
 * canonical JSON text.
 */
export function fingerprintOf(method: string, path: string, body: BodyOutcome<unknown> | undefined): string {
  if (body === undefined || body.ok) return requestFingerprint(method, path, body?.value);
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\nrefused ${canonicalJson(body.sent)}`)
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
