import { config } from "../config";
import { prisma } from "../db/prisma";
import { AppError, errorResponse } from "../http/app-error";
import { metricsRoute } from "../observability/metrics-route";
import { observeRequests } from "../observability/observe-request";
import { routeMatcher } from "../observability/route-pattern";
import { closeRateLimitStore } from "../rate-limit/rate-limiter-store";
import { markClientAddressHeaderTrusted, parseTrustedProxies } from "./client-address";
import { createHttpServer, type EarlyRoute } from "./create-http-server";
import { leanQueueAdapter } from "./lean-queue-adapter";
import { closeGracefully, listen } from "./listen";
import type { RunningServer } from "./start-server";

// The waiting room's own process (`npm run serve:queue`): endpoints 1-3 through the lean adapter and nothing
// else, without Next, for a deployment whose balancer sends the crowd's paths here and the rest to the app
// (deploy/haproxy/haproxy.cfg, `npm run cluster` with CLUSTER_QUEUE_INSTANCES). Same handlers, identity, limits,
// request ids, metrics and access log as the app's process. docs/decisions/0023-waiting-room-processes.md.

const PATTERNS = ["/api/health", "/api/queue/status", "/api/queue/token/users/[userId]"];

const health: EarlyRoute = (req, res) => {
  if (req.url !== "/api/health" || req.method !== "GET") return false;
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end('{"status":"ok"}');
  return true;
};

export async function startQueueServer(): Promise<RunningServer> {
  const { PORT: port, HOSTNAME: hostname, TRUSTED_PROXIES, METRICS_TOKEN } = config();
  markClientAddressHeaderTrusted();
  const trustedProxies = parseTrustedProxies(TRUSTED_PROXIES)!; // validated by config()
  const notFound = errorResponse(new AppError("not_found", "this process serves only the waiting room"));
  const notFoundBody = Buffer.from(await notFound.arrayBuffer());
  const server = createHttpServer({
    trustedProxies,
    early: [metricsRoute(() => METRICS_TOKEN), leanQueueAdapter(), health],
    // The balancer sends only endpoints 1-3 here; anything else is the API's JSON 404.
    next: (_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json", "Content-Length": notFoundBody.length });
      res.end(notFoundBody);
    },
    around: observeRequests({ trustedProxies, route: routeMatcher(PATTERNS) }),
  });
  const url = await listen(server, port, hostname);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await closeGracefully(server);
      await Promise.allSettled([closeRateLimitStore(), prisma.$disconnect()]);
    })());
  return { server, url, stop };
}
