import type http from "node:http";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import next from "next";
import { config } from "../config";
import { prisma } from "../db/prisma";
import { metricsRoute } from "../observability/metrics-route";
import { observeRequests } from "../observability/observe-request";
import { routeMatcherForBuild } from "../observability/route-pattern";
import { closeRateLimitStore } from "../rate-limit/rate-limiter-store";
import { markClientAddressHeaderTrusted, parseTrustedProxies } from "./client-address";
import { createHttpServer, type EarlyRoute } from "./create-http-server";
import { leanQueueAdapter } from "./lean-queue-adapter";
import { closeGracefully, listen } from "./listen";

export type RunningServer = { server: http.Server; url: string; stop: () => Promise<void> };

/**
 * Next's production build behind our HTTP server, on PORT and HOSTNAME (every interface when unset), in this
 * process. Stops on SIGTERM/SIGINT: no new connections, running requests get a few seconds to finish.
 */
export async function startServer(options: { dir: string; early?: EarlyRoute[] }): Promise<RunningServer> {
  const { PORT: port, HOSTNAME: hostname, TRUSTED_PROXIES, METRICS_TOKEN, LEAN_QUEUE_ADAPTER } = config();
  const distDir = path.resolve(options.dir, process.env.NEXT_DIST_DIR || ".next");
  applyRecordedConfigInImage(options.dir, distDir);
  const app = next({ dev: false, dir: path.resolve(options.dir), hostname: hostname ?? "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  markClientAddressHeaderTrusted();
  const trustedProxies = parseTrustedProxies(TRUSTED_PROXIES)!; // validated by config()
  const server = createHttpServer({
    next: (req, res) => handle(req, res),
    trustedProxies,
    // Endpoints 1-3 without Next's router (docs/decisions/0015-lean-queue-adapter.md).
    early: [
      metricsRoute(() => METRICS_TOKEN),
      ...(LEAN_QUEUE_ADAPTER === "on" ? [leanQueueAdapter()] : []),
      ...(options.early ?? []),
    ],
    around: observeRequests({ trustedProxies, route: routeMatcherForBuild(distDir) }),
  });
  const url = await listen(server, port, hostname);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await closeGracefully(server);
      await app.close().catch(() => {});
      await Promise.allSettled([closeRateLimitStore(), prisma.$disconnect()]);
    })());
  return { server, url, stop };
}

/**
 * The container image (deploy/Dockerfile: Next's standalone output) ships no next.config.mjs and not the packages
 * it imports; Next then needs the configuration the build resolved, which the build recorded. Next's own standalone
 * server.js hands it over the same way. Anywhere with a next.config.mjs nothing changes.
 */
function applyRecordedConfigInImage(dir: string, distDir: string): void {
  if (existsSync(path.join(dir, "next.config.mjs")) || process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) return;
  const recorded = path.join(distDir, "required-server-files.json");
  if (!existsSync(recorded)) return;
  const { config } = JSON.parse(readFileSync(recorded, "utf8")) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}
