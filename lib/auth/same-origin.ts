import "server-only";
import { config } from "../config";
import { AppError } from "../http/app-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must come from this site's own pages. A browser says where a request comes from:
 * `Origin` on every cross-origin request and on same-origin POSTs, `Sec-Fetch-Site` on every request of a
 * modern browser. So a write is refused (403) when `Origin` is present and is not this site, or when
 * `Sec-Fetch-Site` says cross-site; a request with neither (curl, a server, a partner's backend) passes, as it
 * cannot carry a victim's cookie anyway. SameSite=Lax alone left same-site attackers (a sibling subdomain) and
 * body-less POSTs (endpoint 1) to the cookie. API keys are not ambient credentials and are not checked.
 */
export function assertSameOriginWrite(req: Request): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  if (req.headers.get("sec-fetch-site")?.toLowerCase() === "cross-site") {
    throw new AppError("forbidden", "cross-site request");
  }
  const origin = req.headers.get("origin");
  if (origin !== null && !ownOrigins(req).has(origin.toLowerCase())) {
    throw new AppError("forbidden", "cross-site request");
  }
}

/** This site: the origin the request was addressed to (its Host) and the configured public URL. */
function ownOrigins(req: Request): Set<string> {
  const own = new Set([new URL(req.url).origin.toLowerCase()]);
  const publicUrl = config().NEXTAUTH_URL;
  if (publicUrl) own.add(new URL(publicUrl).origin.toLowerCase());
  return own;
}
