import { ERROR_KINDS, type ErrorBody, type ErrorKind } from "../shared/error-kinds";

export type { ErrorKind };

/**
 * The one error type of the server. Its kind fixes the status, the message and (for sub-cases such as
 * seat_unavailable) the default detail, from the table in lib/shared/error-kinds.ts; the wire shape is
 * {code, message, error, detail?}.
 */
export class AppError extends Error {
  readonly status: number;
  readonly detail?: string;
  readonly headers?: Record<string, string>;

  constructor(
    readonly kind: ErrorKind,
    detail?: string,
    headers?: Record<string, string>,
  ) {
    const spec: { status: number; message: string; detail?: string } = ERROR_KINDS[kind];
    super(spec.message);
    this.name = "AppError";
    this.status = spec.status;
    this.detail = detail ?? spec.detail;
    this.headers = headers;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.status, message: this.message, error: this.kind };
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

export function errorResponse(error: AppError): Response {
  return Response.json(error.toBody(), { status: error.status, headers: error.headers });
}

/** The same answer as data (lib/http/with-route.ts's PlainAnswer). */
export function errorAnswer(error: AppError): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: error.status,
    headers: { ...error.headers, "Content-Type": "application/json" },
    body: JSON.stringify(error.toBody()),
  };
}
