import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { AppError } from "../http/app-error";
import { logger } from "./logger";
import { renderMetrics } from "./metrics";

// GET /api/metrics, answered by the HTTP server before Next (an early route: a scrape must not pay Next's
// per-request cost, and the registry is the server's). Not public: with METRICS_TOKEN unset the endpoint does
// not exist (the API's JSON 404, like any unknown path); with it set, a scrape must send
// `Authorization: Bearer <METRICS_TOKEN>`, else 401 with WWW-Authenticate (so a misconfigured scraper says why).
// Each instance answers for itself; the balancer should not expose the path at all (deploy/ keeps it internal).

export const METRICS_PATH = "/api/metrics";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Constant-time comparison of the presented bearer token with the configured one. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(body);
}

function sendError(res: http.ServerResponse, error: AppError, extra: Record<string, string> = {}): void {
  send(res, error.status, JSON.stringify(error.toBody()), {
    ...error.headers,
    ...extra,
    "Content-Type": "application/json",
  });
}

export function metricsRoute(token: () => string | undefined) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "/").split(/[?#]/, 1)[0];
    if (path !== METRICS_PATH) return false;
    const expected = token();
    if (!expected) {
      sendError(res, new AppError("not_found", `no API route ${METRICS_PATH}`));
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(res, new AppError("method_not_allowed"), { Allow: "GET, HEAD" });
      return true;
    }
    if (!bearerMatches(req.headers.authorization, expected)) {
      sendError(res, new AppError("authentication_required", "metrics need Authorization: Bearer <METRICS_TOKEN>"), {
        "WWW-Authenticate": 'Bearer realm="metrics"',
      });
      return true;
    }
    try {
      const { contentType, body } = await renderMetrics();
      if (req.method === "HEAD") {
        res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" });
        res.end();
      } else send(res, 200, body, { "Content-Type": contentType });
    } catch (error) {
      logger.error({ err: error }, "metrics: scrape failed");
      sendError(res, new AppError("internal_error"));
    }
    return true;
  };
}
