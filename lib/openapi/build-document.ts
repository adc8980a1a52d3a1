import "server-only";
import { AppError } from "../http/app-error";
import { errorBodySchema } from "../http/schemas";
import { apiOperations } from "./api-operations";
import { SchemaCollector, type JsonSchema } from "./json-schema";
import type { Credentials, ErrorCase, Operation } from "./operation";

type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

const DESCRIPTION = `
Buy concert tickets through a fair waiting room.

**Flow.** Sign up and sign in on the web site, create an API key (\`POST /api/me/api-keys\`), charge your wallet,
join the waiting room (endpoint 1) and poll your place (endpoint 3) until your token is \`ACTIVE\`; then list
schedules and seats (4, 5), hold a seat (6) and pay for it (7) before the hold lapses.

**Two credentials.** *Who you are*: the \`X-API-Key\` header (or the web site's session cookie). Every endpoint that
names a \`userId\` acts only on the caller's own account: another user's id is \`403 forbidden\`.
*Your place in line*: the queue token, sent as \`Authorization: Bearer <token>\` (a bare \`Authorization: <token>\`
works too).

**Errors.** Every error, without exception, is \`{"code": <HTTP status>, "message": "...", "detail"?: "..."}\` with
that HTTP status. Checks run in this order: authentication (401), input (400), authorization (403), existence (404),
state (400/409): a malformed id from an anonymous caller is a 401, a well-formed id of another user a 403.

**Idempotency.** \`POST\` endpoints 6, 7 and 8 accept an \`Idempotency-Key\` header (1-255 printable ASCII characters).
The same key from the same user within 24 hours returns the first completed response (2xx or 4xx, with its status
and the header \`Idempotent-Replayed: true\`) and does nothing again; the same key with a different request is
\`409 idempotency key reused\`; a repeat while the first is still running is \`409 idempotency key in use\`. A request
that fails validation is a completed answer too (its 400 is replayed; send the corrected request with a new key).
Answers about the caller rather than the request (401, 403, 429) and any 5xx are not stored: retry with the same
key. A key whose request failed is free again at once, or at the latest 60 seconds later.

**Values.** IDs are positive integers (anything else in a path or body is a 400). Money is an integer number of won.
Times are ISO 8601 in UTC (\`2026-10-10T10:00:00.000Z\`).
`.trim();

const TAGS = [
  { name: "Account", description: "Sign-up and personal API keys" },
  { name: "Queue", description: "The waiting rooms (endpoints 1-3), their public state and the pre-queue draw" },
  { name: "Catalogue", description: "Concerts, schedules and seats (endpoints 4-5 need an ACTIVE queue token)" },
  { name: "Booking", description: "Seat holds and payment (endpoints 6-7)" },
  { name: "Wallet", description: "Balance, charges and the ledger (endpoints 8-9)" },
  { name: "System", description: "Health and this document" },
  {
    name: "Organizer",
    description: "Admins only: concerts and seat layouts, waiting rooms, live stats, sales, the audit log, roles",
  },
];

const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  apiKey: {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "A personal API key created with `POST /api/me/api-keys`; it acts as its owner.",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description: "The web site's session of a signed-in fan (named `__Secure-next-auth.session-token` over HTTPS).",
  },
  queueToken: {
    type: "http",
    scheme: "bearer",
    description: "The queue token from endpoint 1: `Authorization: Bearer <token>` (a bare token is accepted too).",
  },
};

const SECURITY: Record<Credentials, Record<string, string[]>[]> = {
  none: [],
  identity: [{ apiKey: [] }, { sessionCookie: [] }],
  admin: [{ apiKey: [] }, { sessionCookie: [] }],
  session: [{ sessionCookie: [] }],
  queueToken: [{ queueToken: [] }],
  identityAndQueueToken: [
    { apiKey: [], queueToken: [] },
    { sessionCookie: [], queueToken: [] },
  ],
};

const IDEMPOTENCY_KEY_HEADER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes retries safe: the same key from the same user within 24 hours returns the first completed response and does nothing again.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7E]+$", example: "order-7f3a9c" },
};

const REPLAYED_HEADER = {
  description: "`true` when this is the stored response to an earlier request with the same `Idempotency-Key`",
  schema: { type: "string", enum: ["true"] },
};

const IF_NONE_MATCH_HEADER = {
  name: "If-None-Match",
  in: "header",
  required: false,
  description: "The `ETag` of the last 200 you got: when nothing changed since, the answer is a bodiless 304.",
  schema: { type: "string", example: '"3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAA"' },
};

const ETAG_HEADER = {
  description: "Names this version of the body; send it back as `If-None-Match` when polling",
  schema: { type: "string" },
};

let cached: OpenApiDocument | undefined;

/** The document is a pure function of the code, so each process builds it once. */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(apiOperations);
  return cached;
}

export function buildOpenApiDocument(operations: Operation[]): OpenApiDocument {
  const schemas = new SchemaCollector();
  const errorRef = schemas.convert(errorBodySchema, "output");
  const paths: OpenApiDocument["paths"] = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`OpenAPI: ${op.method.toUpperCase()} ${op.path} is described twice`);
    item[op.method] = describeOperation(op, schemas, errorRef);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Ticketing API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: "/", description: "This server" }],
    tags: TAGS,
    paths,
    components: { schemas: sortKeys(schemas.components), securitySchemes: SECURITY_SCHEMES },
  };
}

function describeOperation(op: Operation, schemas: SchemaCollector, errorRef: JsonSchema): JsonSchema {
  const parameters = [
    ...(op.params
      ? schemas.properties(op.params).map((p) => ({ name: p.name, in: "path", required: true, schema: p.schema }))
      : []),
    ...(op.query
      ? schemas.properties(op.query).map((p) => ({
          name: p.name,
          in: "query",
          required: p.required,
          ...(typeof p.schema.description === "string" ? { description: p.schema.description } : {}),
          schema: p.schema,
        }))
      : []),
    ...(op.idempotent ? [IDEMPOTENCY_KEY_HEADER] : []),
    ...(op.conditional ? [IF_NONE_MATCH_HEADER] : []),
  ];
  const success: JsonSchema = { description: op.success.description };
  const headers = {
    ...op.success.headers,
    ...(op.idempotent ? { "Idempotent-Replayed": REPLAYED_HEADER } : {}),
    ...(op.conditional ? { ETag: ETAG_HEADER } : {}),
  };
  if (Object.keys(headers).length) success.headers = headers;
  if (op.success.schema)
    success.content = {
      [op.success.mediaType ?? "application/json"]: { schema: schemas.convert(op.success.schema, "output") },
    };

  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: SECURITY[op.credentials],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: !op.lenientBody,
            content: { "application/json": { schema: schemas.convert(op.body, "input") } },
          },
        }
      : {}),
    responses: {
      [String(op.success.status)]: success,
      ...(op.conditional
        ? { "304": { description: "Not modified: the body would equal the one whose `ETag` you sent (no body)" } }
        : {}),
      ...errorResponses(errorCases(op), errorRef),
    },
  };
}

/** The operation's own failures plus those that follow from its credentials, inputs and idempotency. */
function errorCases(op: Operation): ErrorCase[] {
  const cases: ErrorCase[] = [];
  if (op.credentials === "identity" || op.credentials === "admin" || op.credentials === "identityAndQueueToken") {
    cases.push(
      { error: "authentication_required", when: "no session cookie or `X-API-Key`" },
      { error: "invalid_api_key", when: "an `X-API-Key` that is malformed, unknown or revoked" },
    );
  }
  if (op.credentials === "session") {
    cases.push(
      { error: "authentication_required", when: "no session cookie" },
      { error: "invalid_api_key", when: "an `X-API-Key` that is malformed, unknown or revoked" },
    );
  }
  if (op.credentials === "admin") {
    cases.push({
      error: "forbidden",
      detail: "admins only",
      when: "the caller is not an admin (roles are read on every request)",
    });
  }
  if (op.credentials === "identity" || op.credentials === "identityAndQueueToken") {
    cases.push({
      error: "rate_limited",
      when: "over the limit of one `X-API-Key` (100 requests a second on average, bursts of 300); `Retry-After` says when to retry",
    });
  }
  const cookie =
    op.credentials === "identity" || op.credentials === "identityAndQueueToken" || op.credentials === "session";
  if (cookie && op.method !== "get") {
    cases.push({
      error: "forbidden",
      detail: "cross-site request",
      when: "a write authenticated by the session cookie whose `Origin` is another site, or with `Sec-Fetch-Site: cross-site`",
    });
  }
  if (op.params || op.query) {
    cases.push({ error: "bad_request", when: "a path or query parameter is invalid (`detail` names it)" });
  }
  if (op.body && !op.lenientBody) {
    cases.push(
      { error: op.invalidBody ?? "bad_request", when: "the body does not match the schema (`detail` names the field)" },
      { error: "bad_request", detail: "a JSON body is required", when: "the body is empty" },
      { error: "malformed_json", when: "the body is not valid JSON" },
      { error: "payload_too_large", when: "the body is over 64 KiB" },
      { error: "unsupported_media_type", when: "the `Content-Type` is not `application/json`" },
    );
  }
  if (op.idempotent) {
    cases.push(
      {
        error: "bad_request",
        detail: "Idempotency-Key must be 1-255 printable ASCII characters",
        when: "the `Idempotency-Key` is malformed",
      },
      { error: "idempotency_key_reused", when: "the key was used with a different request in the last 24 hours" },
      { error: "idempotency_key_in_use", when: "the first request with this key is still running; retry shortly" },
    );
  }
  cases.push(...(op.errors ?? []), {
    error: "internal_error",
    when: "an unexpected failure (never a client mistake); no details are given",
  });
  return cases;
}

function errorResponses(cases: ErrorCase[], errorRef: JsonSchema): Record<string, JsonSchema> {
  const byStatus = new Map<number, { lines: string[]; examples: Record<string, JsonSchema> }>();
  for (const c of cases) {
    const error = new AppError(c.error, c.detail);
    const entry = byStatus.get(error.status) ?? { lines: [], examples: {} };
    byStatus.set(error.status, entry);
    const detail = error.detail === undefined ? "" : `, detail \`${error.detail}\``;
    entry.lines.push(`- \`${c.error}\` (\`${error.message}\`${detail}): ${c.when}`);
    const name = c.detail ? `${c.error}: ${c.detail}` : c.error;
    entry.examples[name] ??= { summary: c.when, value: error.toBody() };
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, { lines, examples }]) => [
        String(status),
        { description: lines.join("\n"), content: { "application/json": { schema: errorRef, examples } } },
      ]),
  );
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
