import { AppError } from "../http/app-error";

// What Next must never see, because it answers it outside the API's error shape (a text/plain 500 for a
// malformed percent-encoding in any route with a path id, or for TRACE; an HTML 404 for a path that climbs out
// of /api): the HTTP server answers these itself, in the error shape, before Next runs.

/** The methods anything on this site implements; the rest (TRACE, CONNECT, made-up ones) are 405 everywhere. */
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const isApiPath = (path: string) => /^\/api(\/|$)/i.test(path);

/** The refusal for a request line Next must not see, or null to pass it on. */
export function refuseRequestLine(method: string | undefined, rawUrl: string | undefined): AppError | null {
  if (!method || !(SERVED_METHODS as readonly string[]).includes(method)) {
    return new AppError("method_not_allowed", `${method ?? "this method"} is not served here`, {
      Allow: SERVED_METHODS.join(", "),
    });
  }
  const raw = rawUrl ?? "/";
  const path = raw.split(/[?#]/, 1)[0] ?? "";
  if (!path.startsWith("/")) return new AppError("bad_request", "the request target must be a path");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return new AppError("bad_request", "malformed percent-encoding in the path");
  }
  // Dot segments (also percent-encoded, behind encoded slashes, or with backslashes) that resolve outside /api:
  // the same JSON 404 as any unknown API path, rather than whatever page the resolved path names.
  for (const form of [path, decoded].map((p) => p.replace(/\\/g, "/"))) {
    if (isApiPath(form) && !isApiPath(new URL(form, "http://localhost").pathname)) {
      return new AppError("not_found", `no API route ${path}`);
    }
  }
  return null;
}
