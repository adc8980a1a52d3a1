// The API's error envelope ({code, message, detail?}) as a typed error the pages can branch on.
export class ApiError extends Error {
  readonly status: number;
  readonly detail?: string;
  /** Seconds from a Retry-After header (429/503), when the server sent one. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, message: string, detail?: string, retryAfterSeconds?: number) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Worth retrying as is: the network or the server failed, not the request. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /** True for the given status and (case-insensitive) message, e.g. `is(400, "Insufficient balance")`. */
  is(status: number, message?: string): boolean {
    return this.status === status && (message === undefined || this.message.toLowerCase() === message.toLowerCase());
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** One sentence a fan can act on, for any failure. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return "Something went wrong. Please try again.";
  if (error.isNetwork) return "We could not reach the server. Check your connection and try again.";
  if (error.status === 401 && error.message === "authentication required")
    return "Your session has ended. Please sign in again.";
  if (error.status === 429) return "Too many requests right now. Please wait a moment and try again.";
  if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
  const text = error.detail ? `${sentence(error.message)}: ${error.detail}` : sentence(error.message);
  return text.endsWith(".") ? text : `${text}.`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
