import "server-only";
import { createHash } from "node:crypto";

/**
 * A JSON body with an ETag, or a bodiless 304 when the client's If-None-Match already names it. The tag is
 * a hash of the serialised body (microseconds for a seat map), so it changes exactly when what a client would
 * see changes, including a hold lapsing by time alone, and needs no version column kept in step by writers.
 * The database read still happens; what a 304 saves is the body on the wire and the client's re-render.
 */
export function conditionalJson(req: Request, body: unknown): Response {
  const json = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"`;
  // private: one fan's view (token-gated); no-cache: always revalidate, so a 304 is never stale.
  const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: "Authorization" };
  if (matches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(json, { status: 200, headers: { ...headers, "Content-Type": "application/json" } });
}

/** RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly (W/ prefixes ignored). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
