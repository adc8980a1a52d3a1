import type { z } from "zod";
import type { ErrorKind } from "../http/app-error";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * Which credentials an operation needs (see "Two credentials" in the API contract). `session` is the web site's
 * session cookie alone: API-key management, where a valid `X-API-Key` is a 403.
 */
export type Credentials = "none" | "identity" | "admin" | "session" | "queueToken" | "identityAndQueueToken";

/** One way an operation fails: the error's status and message come from lib/http/app-error.ts. */
export type ErrorCase = { error: ErrorKind; when: string; detail?: string };

export type ResponseHeader = { description: string; schema: Record<string, unknown> };

/**
 * One method of one route, described with the zod schemas the route itself validates with
 * (test/integration/openapi-*.test.ts checks that they are the very same objects).
 */
export type Operation = {
  method: HttpMethod;
  /** OpenAPI path template: `/api/balance/users/{userId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  credentials: Credentials;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may be left out, and a body that does not match is ignored rather than refused (endpoint 1). */
  lenientBody?: boolean;
  /** The error a body that fails its schema answers with, when not 400 bad request. */
  invalidBody?: ErrorKind;
  /** Honours `Idempotency-Key`. */
  idempotent?: boolean;
  /** Sends an `ETag` and answers a matching `If-None-Match` with a bodiless 304 (cheap polling). */
  conditional?: boolean;
  success: {
    status: number;
    description: string;
    schema?: z.ZodType;
    /** The body's media type when it is not JSON (the sales CSV); `schema` then describes the text. */
    mediaType?: "text/csv";
    headers?: Record<string, ResponseHeader>;
  };
  /** The operation's own failures; credential, input, idempotency and 500 errors are added from the flags above. */
  errors?: ErrorCase[];
};

/** Failures of the queue token on endpoints that need an ACTIVE one (4-7). */
export const activeQueueTokenErrors: ErrorCase[] = [
  { error: "invalid_token", when: "no `Authorization` header, or a malformed token" },
  { error: "token_expired", when: "the token has expired or was ended by a payment" },
  { error: "token_not_active", when: "the token is still waiting in line (status WAIT)" },
  {
    error: "token_other_room",
    when: "the token is of another waiting room than the concert's (a general-room token for a concert with a dedicated room, or the reverse)",
  },
  { error: "token_not_found", when: "a well-formed token that was never issued (or is forged)" },
];
