import "server-only";
import type http from "node:http";
import type { TrustedProxies } from "../server/client-address";
import { CLIENT_ADDRESS_HEADER } from "../server/client-address";
import { logger, requestContext } from "./logger";
import { metrics } from "./metrics";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";
import type { RouteMatcher } from "./route-pattern";

export type AroundRequest = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  handle: () => Promise<void>,
) => Promise<void>;

/** Routes whose successful requests are logged at debug level (see `finish` below). */
const QUIET_ROUTES = new Set(["/api/health", "/api/queue/status"]);

/**
 * The HTTP server's hook around every request (lib/server/create-http-server.ts, `around`): gives it a request id
 * (the balancer's X-Request-Id when the balancer is a trusted proxy, else a new one), echoes it in the response
 * and hands it to the app in the same header, runs the request in a context whose id every log line carries, and
 * when the response ends records its latency under its route pattern and writes one access line.
 */
export function observeRequests(options: { trustedProxies: TrustedProxies; route: RouteMatcher }): AroundRequest {
  const { httpDuration, inFlight } = metrics();
  return (req, res, handle) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req.headers, options.trustedProxies.check(req.socket.remoteAddress ?? ""));
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader("X-Request-Id", requestId);
    inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.url ?? "/").split(/[?#]/, 1)[0] ?? "/";
      const route = options.route(path);
      // A response cut off before it finished (the client left, the process is stopping) is status 0.
      const status = res.writableFinished ? res.statusCode : 0;
      httpDuration.observe({ method: req.method ?? "", route, status: String(status) }, seconds);
      // Health checks (the balancer's every second, Kubernetes' probes) and the crowd's status polls (every fan in
      // line, every few seconds: tens of thousands a minute at a sale) would drown the access log: debug level
      // when they succeed. The latency histogram above still counts every one; a failed one is logged.
      const level = QUIET_ROUTES.has(route) && status > 0 && status < 400 ? "debug" : "info";
      requestContext.run({ requestId }, () =>
        logger[level](
          {
            method: req.method,
            path,
            route,
            status,
            ms: Math.round(seconds * 10_000) / 10,
            client: req.headers[CLIENT_ADDRESS_HEADER],
          },
          "request",
        ),
      );
    };
    res.once("finish", finish);
    res.once("close", finish);
    return requestContext.run({ requestId }, handle);
  };
}
