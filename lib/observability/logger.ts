import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

// One structured logger for the app: JSON lines on stdout (one object per line, `level` as a word, ISO time),
// which any log shipper reads as they are. Every line written while a request is handled carries that request's
// id (`reqId`), whichever module graph writes it: the HTTP server (lib/server, loaded by tsx) and the route
// handlers (Next's server bundle) are two copies of this module in one process, so the request context lives
// on globalThis and both copies read the same one.

export type RequestContext = { requestId: string };

const CONTEXT_KEY = Symbol.for("ticketing.request-context");
const LOGGER_KEY = Symbol.for("ticketing.logger");
const shared = globalThis as unknown as Record<symbol, unknown>;

/** The context of the request being handled; set by the HTTP server (lib/observability/observe-request.ts). */
export const requestContext: AsyncLocalStorage<RequestContext> = (shared[CONTEXT_KEY] ??=
  new AsyncLocalStorage<RequestContext>()) as AsyncLocalStorage<RequestContext>;

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function level(): string {
  const wanted = (process.env.LOG_LEVEL ?? "").toLowerCase();
  if ((LEVELS as readonly string[]).includes(wanted)) return wanted;
  // Tests run many servers and read their output only when something fails.
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

function create(): Logger {
  return pino({
    level: level(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const id = requestContext.getStore()?.requestId;
      return id ? { reqId: id } : {};
    },
  });
}

/** The process's logger (one per process, shared by both module graphs, so one destination and one level). */
export const logger: Logger = (shared[LOGGER_KEY] ??= create()) as Logger;
