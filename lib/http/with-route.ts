import "server-only";
import type { z } from "zod";
import { postgresCode } from "../db/pg-error";
import { AppError, errorResponse, type ErrorKind } from "./app-error";
import { readJsonBody } from "./read-json-body";
import {
  parseIdempotencyKey,
  requestFingerprint,
  runIdempotent,
  type StoredResponse,
} from "../idempotency/run-idempotent";

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type Handler = (req: Request, context: RouteContext) => Promise<Response>;

type Schema<T> = z.ZodType<T, unknown>;

type HandlerInput<A, P, B, Q> = { req: Request; auth: A; params: P; body: B; query: Q; now: Date };
type HandlerResult = { status?: number; body: unknown; headers?: Record<string, string> } | Response;

type RouteSpec<A, P, B, Q> = {
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
  /** The user an `Idempotency-Key` belongs to; set on POSTs that honour the header. */
  idempotencyUser?: (input: HandlerInput<A, P, B, Q>) => number;
  handler: (input: HandlerInput<A, P, B, Q>) => Promise<HandlerResult>;
};

/** Injected clock: tests replace it to move time without sleeping. */
export const clock = { now: () => new Date() };

/** Wraps one method of a route: credentials (401), input (400), ownership (403), then the use case. */
export function route<A = undefined, P = undefined, B = undefined, Q = undefined>(
  spec: RouteSpec<A, P, B, Q>,
): Handler {
  const handler: Handler = async (req, context) => {
    try {
      const now = clock.now();
      const auth = (spec.authenticate ? await spec.authenticate(req, now) : undefined) as A;
      const params = parse(spec.params, await context.params, "path") as P;
      const query = parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query") as Q;
      const body = (
        spec.body ? await readBody(req, spec.body, spec.lenientBody ?? false, spec.invalidBody) : undefined
      ) as B;
      const rawKey = spec.idempotencyUser ? req.headers.get("idempotency-key") : null;
      const key = rawKey === null ? null : parseIdempotencyKey(rawKey);
      const input: HandlerInput<A, P, B, Q> = { req, auth, params, body, query, now };
      await spec.authorize?.(input);
      if (spec.idempotencyUser && key !== null) {
        const result = await runIdempotent({
          userId: spec.idempotencyUser(input),
          key,
          fingerprint: requestFingerprint(req.method, new URL(req.url).pathname, body),
          now,
          execute: async () => toStored(await spec.handler(input)),
        });
        return json(result, result.replayed ? { "Idempotent-Replayed": "true" } : undefined);
      }
      const result = await spec.handler(input);
      return result instanceof Response ? result : json(result);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
  specs.set(handler, spec as RouteSpec<unknown, unknown, unknown, unknown>);
  return handler;
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

async function readBody<T>(
  req: Request,
  schema: Schema<T>,
  lenient: boolean,
  error?: ErrorKind,
): Promise<T | undefined> {
  if (!lenient) return parse(schema, await readJsonBody(req), "body", error);
  let raw: unknown;
  try {
    raw = await readJsonBody(req);
  } catch (failure) {
    if (failure instanceof AppError && failure.kind === "payload_too_large") throw failure;
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function parse<T>(
  schema: Schema<T> | undefined,
  value: unknown,
  where: string,
  error: ErrorKind = "bad_request",
): T | undefined {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : where;
  throw new AppError(error, `${where === path ? where : `${where}.${path}`}: ${issue?.message ?? "invalid"}`);
}

function toStored(result: HandlerResult): Promise<StoredResponse> | StoredResponse {
  if (result instanceof Response) throw new Error("idempotent handlers must return data, not a Response");
  return { status: result.status ?? 200, body: result.body, headers: result.headers };
}

function json(
  result: { status?: number; body: unknown; headers?: Record<string, string> },
  extra?: Record<string, string>,
) {
  return Response.json(result.body, {
    status: result.status ?? 200,
    headers: { "Cache-Control": "no-store", ...result.headers, ...extra },
  });
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return errorResponse(error);
  // Safety net: text the schemas let through but Postgres cannot store (NUL, bad encoding) is the client's
  // mistake, so a 400 rather than a 500. Logged, because it means a schema should have refused it.
  const sqlState = postgresCode(error);
  if (sqlState === "22021" || sqlState === "22P05") {
    console.warn(`route: Postgres refused text (SQLSTATE ${sqlState}); a schema should have caught it`);
    return errorResponse(new AppError("bad_request", "text contains characters that cannot be stored"));
  }
  // Unexpected failures are logged in full here and leave the server as a bare 500.
  console.error("unhandled error in route", error);
  return errorResponse(new AppError("internal_error"));
}
