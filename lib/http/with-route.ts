import "server-only";
import { isTransientDatabaseError, postgresCode } from "../db/pg-error";
import { fingerprintOf } from "../idempotency/request-fingerprint";
import { parseIdempotencyKey, runIdempotent, type StoredResponse } from "../idempotency/run-idempotent";
import { AppError, errorAnswer, errorResponse, type ErrorKind } from "./app-error";
import { parseInput, readBody, type BodyOutcome, type Schema } from "./parse-input";
import { logger } from "../observability/logger";

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type Handler = (req: Request, context: RouteContext) => Promise<Response>;

export type HandlerInput<A, P, B, Q> = { req: Request; auth: A; params: P; body: B; query: Q; now: Date };
export type HandlerResult = { status?: number; body: unknown; headers?: Record<string, string> } | Response;

export type RouteSpec<A, P, B, Q> = {
  /** A limit against abuse that needs no credentials (per client address); runs before everything, throws 429s. */
  limit?: (req: Request) => Promise<void>;
  /** Resolves credentials; throws 401s. Runs first (see "Order of checks" in the API contract). */
  authenticate?: (req: Request, now: Date) => Promise<A>;
  params?: Schema<P>;
  body?: Schema<B>;
  query?: Schema<Q>;
  /** The error a body that fails `body` answers with, when the contract names one (default 400 bad request). */
  invalidBody?: ErrorKind;
  /**
   * The body is optional and forgiving: missing, empty, malformed or not matching `body` reads as undefined,
   * never a 400 (endpoint 1's `{concertId}`, which clients that know nothing of rooms never send).
   */
  lenientBody?: boolean;
  /** Ownership checks on parsed input; throws 403s. */
  authorize?: (input: HandlerInput<A, P, B, Q>) => void | Promise<void>;
  /**
   * The user an `Idempotency-Key` belongs to (the authenticated caller); set on POSTs that honour the header.
   * null: this caller cannot run the work at all (booking with a queue token that is not ACTIVE), so the key
   * is not consulted and the request gets its refusal (docs/decisions/0004-idempotency-keys.md).
   */
  idempotencyUser?: (input: { auth: A }) => number | null;
  handler: (input: HandlerInput<A, P, B, Q>) => Promise<HandlerResult>;
};

/** Injected clock: tests replace it to move time without sleeping. */
export const clock = { now: () => new Date() };

/**
 * An answer as data. `route` turns it into a Response for Next; the lean adapter for endpoints 1-3 writes it
 * straight to node:http (lib/server/lean-queue-adapter.ts), without building a WHATWG Response and reading it
 * back, which was a fifth of a status poll's CPU there.
 */
export type PlainAnswer = { status: number; headers: Record<string, string>; body: string };
export type PlainHandler = (req: Request, context: RouteContext) => Promise<PlainAnswer | Response>;

/** Wraps one method of a route: credentials (401), input (400), ownership (403), then the use case. */
export function route<A = undefined, P = undefined, B = undefined, Q = undefined>(
  spec: RouteSpec<A, P, B, Q>,
): Handler {
  const plain: PlainHandler = async (req, context) => {
    try {
      const now = clock.now();
      await spec.limit?.(req);
      const auth = (spec.authenticate ? await spec.authenticate(req, now) : undefined) as A;
      const parsed = await readInput(spec, req, context);
      // A malformed key is a 400 of its own, never recorded: there is no key to record it under.
      const rawKey = spec.idempotencyUser ? req.headers.get("idempotency-key") : null;
      const key = rawKey === null ? null : parseIdempotencyKey(rawKey);
      const userId = key === null ? null : (spec.idempotencyUser?.({ auth }) ?? null);
      if (key === null || userId === null) {
        if (parsed.refusal) throw parsed.refusal;
        const input: HandlerInput<A, P, B, Q> = { req, auth, ...parsed.input, now };
        await spec.authorize?.(input);
        const result = await spec.handler(input);
        return result instanceof Response ? result : json(result);
      }
      const result = await runKeyed(spec, { req, auth, now, parsed }, userId, key);
      return json(result, result.replayed ? { "Idempotent-Replayed": "true" } : undefined);
    } catch (error) {
      return errorAnswerFor(error);
    }
  };
  const handler: Handler = async (req, context) => toResponse(await plain(req, context));
  specs.set(handler, spec as RouteSpec<unknown, unknown, unknown, unknown>);
  plains.set(handler, plain);
  return handler;
}

const plains = new WeakMap<Handler, PlainHandler>();

/** The same route answering as data (for the lean adapter); undefined for a handler `route` did not build. */
export function plainHandlerOf(handler: Handler): PlainHandler | undefined {
  return plains.get(handler);
}

function toResponse(answer: PlainAnswer | Response): Response {
  return answer instanceof Response
    ? answer
    : new Response(answer.body, { status: answer.status, headers: answer.headers });
}

const specs = new WeakMap<Handler, RouteSpec<unknown, unknown, unknown, unknown>>();

/** The spec a handler was built from (undefined for 405 stubs), so tests can check that the OpenAPI
 * document describes a route with the very schemas the route validates with. */
export function routeSpecOf(handler: Handler): RouteSpec<unknown, unknown, unknown, unknown> | undefined {
  return specs.get(handler);
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** All methods of a route file, so the ones it does not implement answer 405 in the error shape. */
export function methods(handlers: Partial<Record<Method, Handler>>): Record<Method, Handler> {
  const allow = METHODS.filter((m) => handlers[m]).join(", ");
  const notAllowed: Handler = async () =>
    errorResponse(new AppError("method_not_allowed", undefined, { Allow: allow }));
  return Object.fromEntries(METHODS.map((m) => [m, handlers[m] ?? notAllowed])) as Record<Method, Handler>;
}

type ParsedInput<P, B, Q> = {
  input: { params: P; query: Q; body: B };
  /** The first input that failed validation (path, then query, then body), if any. */
  refusal?: AppError;
  body?: BodyOutcome<B>;
};

/** Path, query and body parsed; a failure is returned, not thrown, so a keyed request can record it. */
async function readInput<A, P, B, Q>(
  spec: RouteSpec<A, P, B, Q>,
  req: Request,
  context: RouteContext,
): Promise<ParsedInput<P, B, Q>> {
  let refusal: AppError | undefined;
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusal ??= error;
      return undefined;
    }
  };
  const rawParams = await context.params;
  const params = attempt(() => parseInput(spec.params, rawParams, "path")) as P;
  const query = (
    spec.query
      ? attempt(() => parseInput(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query"))
      : undefined
  ) as Q;
  // A lenient body that was not sent at all (most joins) is simply absent: no refusal to build and drop.
  const body =
    spec.body && !(spec.lenientBody && req.body === null)
      ? await readBody(req, spec.body, spec.invalidBody)
      : undefined;
  // A lenient body that is missing or does not fit reads as no body at all (only an oversized one is refused).
  const lenientMiss = spec.lenientBody && body && !body.ok && body.error.kind !== "payload_too_large";
  if (body && !body.ok && !lenientMiss) refusal ??= body.error;
  return { input: { params, query, body: (body?.ok ? body.value : undefined) as B }, refusal, body };
}

/**
 * A request with an `Idempotency-Key` (docs/decisions/0004-idempotency-keys.md): its first completed answer is
 * the key's. Input that failed validation is such an answer (a 400, recorded under the fingerprint of what was
 * sent: the path as requested and the body), so the same key cannot later run another request. A valid request
 * is authorized first (403s are about the caller, not the request: never recorded), then claims the key and runs.
 */
async function runKeyed<A, P, B, Q>(
  spec: RouteSpec<A, P, B, Q>,
  r: { req: Request; auth: A; now: Date; parsed: ParsedInput<P, B, Q> },
  userId: number,
  key: string,
) {
  const fingerprint = fingerprintOf(r.req.method, new URL(r.req.url).pathname, r.parsed.body);
  const base = { userId, key, fingerprint, now: r.now };
  const refusal = r.parsed.refusal;
  if (refusal) return runIdempotent({ ...base, execute: () => Promise.reject(refusal) });
  const input: HandlerInput<A, P, B, Q> = { req: r.req, auth: r.auth, ...r.parsed.input, now: r.now };
  await spec.authorize?.(input);
  return runIdempotent({ ...base, execute: async () => toStored(await spec.handler(input)) });
}

function toStored(result: HandlerResult): Promise<StoredResponse> | StoredResponse {
  if (result instanceof Response) throw new Error("idempotent handlers must return data, not a Response");
  return { status: result.status ?? 200, body: result.body, headers: result.headers };
}

function json(
  result: { status?: number; body: unknown; headers?: Record<string, string> },
  extra?: Record<string, string>,
): PlainAnswer {
  return {
    status: result.status ?? 200,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...result.headers, ...extra },
    body: JSON.stringify(result.body),
  };
}

export function toErrorResponse(error: unknown): Response {
  return toResponse(errorAnswerFor(error));
}

function errorAnswerFor(error: unknown): PlainAnswer {
  if (error instanceof AppError) {
    // Expected refusals (4xx, 503s the use cases chose): one debug line, with the request's id like every line.
    logger.debug({ kind: error.kind, status: error.status }, "route: refused");
    return errorAnswer(error);
  }
  // Safety net: text the schemas let through but Postgres cannot store (NUL, bad encoding) is the client's
  // mistake, so a 400 rather than a 500. Logged, because it means a schema should have refused it.
  const sqlState = postgresCode(error);
  if (sqlState === "22021" || sqlState === "22P05") {
    logger.warn({ sqlState }, "route: Postgres refused text; a schema should have caught it");
    return errorAnswer(new AppError("bad_request", "text contains characters that cannot be stored"));
  }
  // A dropped database connection (failover, restart, network cut) is not the client's doing and a retry
  // may well work: 503 with Retry-After, which clients (and our own pages) retry, rather than a 500.
  if (isTransientDatabaseError(error)) {
    logger.warn(
      { cause: error instanceof Error ? error.message.split("\n")[0] : "?" },
      "route: database connection failed; answered 503",
    );
    return errorAnswer(new AppError("service_unavailable", "database unavailable, retry", { "Retry-After": "1" }));
  }
  // Unexpected failures are logged in full here and leave the server as a bare 500.
  logger.error({ err: error }, "route: unhandled error");
  return errorAnswer(new AppError("internal_error"));
}
