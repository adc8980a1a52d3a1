import { isErrorKind, type ErrorKind } from "../shared/error-kinds";

/** The server's kinds, plus what only the browser can observe. */
type ClientErrorKind = ErrorKind | "network_error" | "unexpected_response";

// The API's error envelope ({code, message, error, detail?}) as a typed error; pages branch on `kind`.
export class ApiError extends Error {
  readonly status: number;
  readonly kind: ClientErrorKind;
  readonly detail?: string;
  /** Seconds from a Retry-After header (429/503), when the server sent one. */
  readonly retryAfterSeconds?: number;

  constructor(init: {
    status: number;
    kind: ClientErrorKind;
    message: string;
    detail?: string;
    retryAfterSeconds?: number;
  }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.kind = init.kind;
    this.detail = init.detail;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** Worth retrying as is: the network or the server failed, not the request. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  get isNetwork(): boolean {
    return this.kind === "network_error";
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The one way UI code tells failures apart: by kind, never by message text. */
export function hasErrorKind(error: unknown, ...kinds: ClientErrorKind[]): error is ApiError {
  return isApiError(error) && kinds.includes(error.kind);
}

/** The kind of an error body, or a fallback by status for a body that lacks one (a proxy's error page). */
export function kindOfBody(body: unknown, status: number): ClientErrorKind {
  const kind = (body as { error?: unknown } | undefined)?.error;
  if (isErrorKind(kind)) return kind;
  return status >= 500 ? "internal_error" : "unexpected_response";
}

/** One sentence a fan can act on, for any failure. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return "Something went wrong. Please try again.";
  if (error.isNetwork) return "We could not reach the server. Check your connection and try again.";
  if (error.kind === "authentication_required") return "Your session has ended. Please sign in again.";
  if (error.kind === "rate_limited") return "Too many requests right now. Please wait a moment and try again.";
  if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
  const text = error.detail ? `${sentence(error.message)}: ${error.detail}` : sentence(error.message);
  return text.endsWith(".") ? text : `${text}.`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
