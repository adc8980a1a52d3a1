// One error type for the whole app. The wire shape is {code: <HTTP status>, message, detail?};
// messages are the original specification's where it names one.
const errors = {
  badRequest: [400, "bad request"],
  malformedJson: [400, "malformed JSON"],
  authenticationRequired: [401, "authentication required"],
  invalidCredentials: [401, "invalid email or password"],
  invalidToken: [401, "invalid token"],
  forbidden: [403, "forbidden"],
  tokenNotActive: [403, "token not active"],
  notFound: [404, "not found"],
  userNotFound: [404, "user not found"],
  tokenNotFound: [404, "token not found"],
  concertNotFound: [404, "concert not found"],
  scheduleNotFound: [404, "concert schedule not found"],
  seatNotFound: [404, "seat not found"],
  reservationNotFound: [404, "reservation not found"],
  apiKeyNotFound: [404, "api key not found"],
  methodNotAllowed: [405, "method not allowed"],
  emailTaken: [409, "email already registered"],
  idempotencyKeyReused: [409, "idempotency key reused"],
  idempotencyKeyInUse: [409, "idempotency key in use"],
  payloadTooLarge: [413, "payload too large"],
  unsupportedMediaType: [415, "unsupported media type"],
  reservationFailed: [400, "reservation failed"],
  reservationExpired: [400, "reservation expired"],
  reservationAlreadyPaid: [400, "reservation already paid"],
  insufficientBalance: [400, "Insufficient balance"],
  paymentFailed: [400, "payment failed"],
  invalidChargeAmount: [400, "invalid charge amount"],
  chargeFailed: [400, "charge failed"],
  tooManyRequests: [429, "too many requests"],
  internal: [500, "internal server error"],
  unavailable: [503, "service unavailable"],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorName = keyof typeof errors;

export type ErrorBody = { code: number; message: string; detail?: string };

export class AppError extends Error {
  readonly status: number;
  readonly detail?: string;
  readonly headers?: Record<string, string>;

  constructor(
    readonly kind: ErrorName,
    detail?: string,
    headers?: Record<string, string>,
  ) {
    const [status, message] = errors[kind];
    super(message);
    this.name = "AppError";
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }

  toBody(): ErrorBody {
    return this.detail === undefined
      ? { code: this.status, message: this.message }
      : { code: this.status, message: this.message, detail: this.detail };
  }
}

export function errorResponse(error: AppError): Response {
  return Response.json(error.toBody(), { status: error.status, headers: error.headers });
}
