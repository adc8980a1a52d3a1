import { randomBytes } from "node:crypto";

// Response headers every answer carries, set by the HTTP server before Next runs (lib/server/create-http-server.ts).
// Pages get a Content-Security-Policy with a fresh nonce per request: the server also puts the policy on the
// request, where Next finds the nonce and puts it on every script it renders (so every page must render per
// request, which the root layout already does: it reads the session). 'strict-dynamic' lets those scripts load
// Next's chunks and the /docs page's renderer; nothing else runs. Styles may be inline (React and the /docs
// renderer set style attributes); images and fonts come from this site or data: URLs.

const BASE: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // frame-ancestors 'none' in the CSP is the modern form; this covers browsers that predate it.
  "X-Frame-Options": "DENY",
};

/** One year; only ever sent over HTTPS (browsers ignore it over plain HTTP anyway). */
const HSTS = "max-age=31536000";

/** JSON and the framework's own files: nothing may run, and no site may frame them. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
/** next-auth's own fallback pages under /api/auth (an error page) carry inline styles. */
const AUTH_PAGES_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function pagePolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * The security headers of one response, by path: API answers and framework files get the no-content policy,
 * pages the nonce policy (returned too, for the request). HSTS only when the request came over HTTPS.
 */
export function securityHeaders(path: string, https: boolean): { headers: Record<string, string>; pageCsp?: string } {
  const headers = { ...BASE, ...(https ? { "Strict-Transport-Security": HSTS } : {}) };
  if (path === "/api/auth" || path.startsWith("/api/auth/")) {
    return { headers: { ...headers, "Content-Security-Policy": AUTH_PAGES_POLICY } };
  }
  if (path === "/api" || path.startsWith("/api/") || path.startsWith("/_next/")) {
    return { headers: { ...headers, "Content-Security-Policy": API_POLICY } };
  }
  const pageCsp = pagePolicy(newNonce(), https);
  return { headers: { ...headers, "Content-Security-Policy": pageCsp }, pageCsp };
}
