import http from "node:http";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { AppError } from "../http/app-error";
import { logger } from "../observability/logger";
import { CLIENT_ADDRESS_HEADER, clientAddress, type TrustedProxies } from "./client-address";
import { refuseRequestLine } from "./protocol-guard";
import { securityHeaders } from "./security-headers";

// The HTTP server in front of Next, in the same process (`npm start` runs it through scripts/serve.ts). It does
// what `next start` cannot: protocol errors Node's parser answers itself (a Content-Length shorter than the body,
// a malformed request line) and request lines Next answers outside the error shape get JSON errors; every answer
// carries the security headers; and the client address that limits key on is computed once, from the socket and
// TRUSTED_PROXIES, and handed to the app in a header no client can set. docs/decisions/0012-limits-and-the-http-server.md.

export type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

/**
 * A route answered before Next: returns true when it has answered. The seam for lean endpoints that must not pay
 * Next's per-request cost; they run after the protocol checks, the security headers and the client address.
 */
export type EarlyRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;

export type HttpServerOptions = {
  /** Next's request handler (`next(...).getRequestHandler()`), or any handler in tests. */
  next: NodeHandler;
  trustedProxies: TrustedProxies;
  early?: EarlyRoute[];
  /**
   * Runs around each request (observability: its id, log context, latency; lib/observability/observe-request.ts).
   * Calls `handle` once, within whatever context it sets up.
   */
  around?: (req: http.IncomingMessage, res: http.ServerResponse, handle: () => Promise<void>) => Promise<void>;
};

export function createHttpServer(options: HttpServerOptions): http.Server {
  const early = options.early ?? [];
  // The response under way on each connection: a protocol error is answered only if it has not started.
  const inFlight = new WeakMap<Socket, http.ServerResponse>();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    inFlight.set(req.socket, res);
    res.once("finish", () => {
      if (inFlight.get(req.socket) === res) inFlight.delete(req.socket);
    });
    try {
      const peer = req.socket.remoteAddress ?? "";
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(peer, req.headers["x-forwarded-for"], options.trustedProxies);
      const https = overHttps(req, peer, options.trustedProxies);
      const path = (req.url ?? "/").split(/[?#]/, 1)[0] ?? "/";
      const { headers, pageCsp } = securityHeaders(path, https);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      // Next reads the nonce for its scripts from the request's policy; a client's own value is replaced.
      if (pageCsp) req.headers["content-security-policy"] = pageCsp;
      else delete req.headers["content-security-policy"];

      const refusal = refuseRequestLine(req.method, req.url);
      if (refusal) return sendError(res, refusal, req.method === "HEAD");
      for (const route of early) if (await route(req, res)) return;
      await options.next(req, res);
    } catch (error) {
      logger.error({ err: error }, "http server: unhandled error");
      if (!res.headersSent) sendError(res, new AppError("internal_error"), req.method === "HEAD");
      else res.destroy();
    }
  };
  const around = options.around;
  const server = http.createServer(
    (req, res) => void (around ? around(req, res, () => handle(req, res)) : handle(req, res)),
  );

  // Node answers a request it cannot parse with an empty `400 Bad Request` (or 431, 408) and closes the
  // connection; the same, in the error shape. Only while no response has started on the connection, so a
  // pipelined bad request never corrupts the answer to the good one before it.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const started = inFlight.get(socket)?.headersSent ?? false;
    if (error.code === "ECONNRESET" || !socket.writable || started) {
      socket.destroy();
      return;
    }
    const detail =
      error.code === "HPE_HEADER_OVERFLOW"
        ? "request headers too large"
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "request timed out"
          : "malformed HTTP request";
    socket.end(rawErrorResponse(new AppError("bad_request", detail)));
  });
  // CONNECT (a proxy tunnel) never reaches the request handler; without this Node drops the connection.
  server.on("connect", (req: http.IncomingMessage, socket: Socket) => {
    socket.end(rawErrorResponse(refuseRequestLine(req.method, req.url) ?? new AppError("method_not_allowed")));
  });
  return server;
}

/** Over TLS, or a trusted proxy says the client used HTTPS (its X-Forwarded-Proto, right-most entry). */
function overHttps(req: http.IncomingMessage, peer: string, trusted: TrustedProxies): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!trusted.check(peer)) return false;
  const proto = req.headers["x-forwarded-proto"];
  const last = (Array.isArray(proto) ? proto.join(",") : (proto ?? "")).split(",").pop()?.trim().toLowerCase();
  return last === "https";
}

function sendError(res: http.ServerResponse, error: AppError, head: boolean): void {
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, {
    ...error.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(head ? undefined : body);
}

function rawErrorResponse(error: AppError): string {
  const body = JSON.stringify(error.toBody());
  const { headers } = securityHeaders("/api", false);
  return [
    `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status] ?? ""}`,
    ...Object.entries(error.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "Connection: close",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "",
    body,
  ].join("\r\n");
}
