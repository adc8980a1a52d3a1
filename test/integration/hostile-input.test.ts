import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { oneRow } from "@/lib/db/rows";
import { openApiDocument } from "@/lib/openapi/build-document";
import { ERROR_KINDS } from "@/lib/shared/error-kinds";
import { fund, queueToken } from "../helpers/booking-fixtures";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { expectDocumented, handlerFor } from "../helpers/openapi";
import { createRoom } from "../helpers/room-fixtures";
import { hostileText, valueFor, type JsonSchema } from "../hostile/hostile-values";

// Hostile input for every route and method of the OpenAPI document (issue 13), through the real route
// handlers against real Postgres. For each request: never a 5xx; the body is the documented success shape or
// the error shape with a kind from the table (and that kind's status); a refused request changes nothing; and
// a caller acting on another user's id never succeeds. HOSTILE_RUNS sets the number of requests
// (`npm run test:hostile -- --runs 20000` for a long run); HOSTILE_SEED replays one.

const TOTAL_RUNS = Number(process.env.HOSTILE_RUNS ?? 2_000);
const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31);

type Json = Record<string, unknown>;
type Operation = { method: string; path: string; op: Json };
type Credentials = { name: string; userId: number | null; headers: Record<string, string> };
type HostileRequest = {
  credentials: Credentials;
  queueToken: string | null;
  idempotencyKey: string | null;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: { kind: "json"; value: unknown } | { kind: "raw"; text: string; type: string | null } | null;
};

const stats = { requests: 0, serverErrors: 0, shapeViolations: 0, stateChanges: 0, crossUserSuccesses: 0 };
const byStatus = new Map<number, number>();
const violations: string[] = [];

afterAll(() => {
  const statuses = Object.fromEntries([...byStatus].sort(([a], [b]) => a - b));
  console.log(
    `hostile input (seed ${SEED}): ${JSON.stringify(stats)}; responses by status ${JSON.stringify(statuses)}`,
  );
});

/** What a refused request must leave as it found it (not the soft writes: poll refreshes, last-used times). */
async function fingerprint(): Promise<string> {
  const row = oneRow(
    await prisma.$queryRaw<{ state: string }[]>`
      SELECT concat_ws('|',
        (SELECT string_agg(id || ':' || balance || ':' || role || ':' || email, ',' ORDER BY id) FROM users),
        (SELECT count(*) || ':' || COALESCE(max(id), 0) FROM wallet_ledger),
        (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM reservations),
        (SELECT string_agg(id || ':' || COALESCE(hold_expires_at::text, '-') || ':' || COALESCE(sold_at::text, '-'), ',' ORDER BY id) FROM seats),
        (SELECT count(*) FROM payments),
        (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM queue_tokens),
        (SELECT string_agg(id || ':' || COALESCE(revoked_at::text, '-'), ',' ORDER BY id) FROM api_keys),
        (SELECT string_agg(id || ':' || name || ':' || artist || ':' || venue, ',' ORDER BY id) FROM concerts),
        (SELECT count(*) FROM schedules), (SELECT count(*) FROM seat_sections),
        (SELECT string_agg(id || ':' || paused || ':' || COALESCE(closed_at::text, '-') || ':' || COALESCE(active_capacity, 0)
          || ':' || COALESCE(admit_per_second, -1) || ':' || COALESCE(sales_start_at::text, '-'), ',' ORDER BY id) FROM queue_rooms),
        (SELECT count(*) FROM audit_log)) AS state`,
    "state",
  );
  return createHash("sha256").update(row.state).digest("hex");
}

function tamper(text: string): string {
  const i = Math.floor(text.length / 2);
  const c = text[i] === "A" ? "B" : "A";
  return text.slice(0, i) + c + text.slice(i + 1);
}

async function world() {
  const [a, b, admin] = [await createUser(), await createUser(), await createUser({ role: "ADMIN" })];
  await fund(a.id, 500_000);
  await fund(b.id, 100_000);
  const general = await createConcertWithSeats({ seats: 12, price: 5_000 });
  const dedicated = await createConcertWithSeats({ seats: 12, price: 5_000 });
  await createRoom(dedicated.id);
  const [aKey, bKey, adminKey] = [await apiKeyHeader(a.id), await apiKeyHeader(b.id), await apiKeyHeader(admin.id)];
  const [aCookie, bCookie, adminCookie] = [
    await sessionCookie(a.id),
    await sessionCookie(b.id),
    await sessionCookie(admin.id),
  ];
  const [aToken, bToken] = [await queueToken(a.id), await queueToken(b.id)];
  const room = await prisma.queueRoom.findUniqueOrThrow({ where: { concertId: dedicated.id } });
  const roomToken = await prisma.queueToken.create({
    data: {
      userId: a.id,
      roomId: room.id,
      status: "ACTIVE",
      activatedAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const { encodeQueueToken } = await import("@/lib/queue/queue-token-codec");
  const held = async (userId: number, seatId: number, status: "PAYMENT_PENDING" | "CONFIRMED") => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    await prisma.seat.update({
      where: { id: seatId },
      data: status === "CONFIRMED" ? { soldAt: new Date() } : { holdExpiresAt: expiresAt },
    });
    const reservation = await prisma.reservation.create({
      data: { userId, seatId, price: 5_000, status, expiresAt },
    });
    // A confirmed ticket is a paid one: its payment, its line and the wallet's debit, as payment writes them,
    // so a cancel by its owner is a real refund rather than a state no code path can make.
    if (status === "CONFIRMED") {
      await prisma.user.update({ where: { id: userId }, data: { balance: { increment: 5_000 } } });
      const payment = await prisma.payment.create({
        data: {
          userId,
          reservationId: reservation.id,
          amount: 5_000,
          lines: { create: { reservationId: reservation.id, amount: 5_000 } },
        },
      });
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      await prisma.ledgerEntry.create({ data: { userId, kind: "CHARGE", amount: 5_000, balanceAfter: user.balance } });
      await prisma.user.update({ where: { id: userId }, data: { balance: { decrement: 5_000 } } });
      await prisma.ledgerEntry.create({
        data: { userId, kind: "PAYMENT", amount: -5_000, balanceAfter: user.balance - 5_000, paymentId: payment.id },
      });
    }
    return reservation;
  };
  const seats = general.schedules[0]!.seats;
  const reservations = [
    await held(a.id, seats[0]!.id, "PAYMENT_PENDING"),
    await held(b.id, seats[1]!.id, "PAYMENT_PENDING"),
    await held(b.id, seats[2]!.id, "CONFIRMED"),
  ];
  const spareKeys = await Promise.all(
    [a.id, b.id].map(async (userId) => {
      await apiKeyHeader(userId);
      return (await prisma.apiKey.findFirstOrThrow({ where: { userId }, orderBy: { id: "desc" } })).id;
    }),
  );
  const credentials: Credentials[] = [
    { name: "none", userId: null, headers: {} },
    { name: "A cookie", userId: a.id, headers: aCookie },
    { name: "A key", userId: a.id, headers: aKey },
    { name: "B cookie", userId: b.id, headers: bCookie },
    { name: "B key", userId: b.id, headers: bKey },
    { name: "admin key", userId: admin.id, headers: adminKey },
    { name: "admin cookie", userId: admin.id, headers: adminCookie },
    { name: "tampered cookie", userId: null, headers: { cookie: tamper(aCookie.cookie ?? "") } },
    { name: "tampered key", userId: null, headers: { "x-api-key": tamper(aKey["x-api-key"]) } },
    { name: "garbage key", userId: null, headers: { "x-api-key": "tk_live_zz" } },
    { name: "huge key", userId: null, headers: { "x-api-key": "k".repeat(8_000) } },
  ];
  const tokens = [
    aToken.token,
    bToken.token,
    encodeQueueToken(roomToken.id),
    tamper(aToken.token),
    `${aToken.token}x`,
    "qt_AAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "not a token",
  ];
  const ids = [
    a.id,
    b.id,
    admin.id,
    general.id,
    dedicated.id,
    general.schedules[0]!.id,
    dedicated.schedules[0]!.id,
    ...seats.slice(0, 6).map((s) => s.id),
    dedicated.schedules[0]!.seats[0]!.id,
    ...reservations.map((r) => r.id),
    ...spareKeys,
    1,
    999_999,
  ];
  return { credentials, tokens, ids };
}

function operations(): Operation[] {
  const doc = openApiDocument();
  return Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

function resolver(): (schema: JsonSchema) => JsonSchema {
  const schemas = openApiDocument().components.schemas as Record<string, JsonSchema>;
  return (schema) => {
    let s = schema;
    for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) {
      s = schemas[s.$ref.replace("#/components/schemas/", "")] ?? {};
    }
    return s;
  };
}

function requests(operation: Operation, w: Awaited<ReturnType<typeof world>>): fc.Arbitrary<HostileRequest> {
  const resolve = resolver();
  const parameters = ((operation.op.parameters ?? []) as Json[]).filter((p) => p.in === "path" || p.in === "query");
  const pathParams = parameters.filter((p) => p.in === "path").map((p) => p.name as string);
  const queryParams = parameters.filter((p) => p.in === "query");
  const idText = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...w.ids).map(String) },
    { weight: 2, arbitrary: hostileText() },
  );
  const bodySchema = (
    (operation.op.requestBody as Json | undefined)?.content as Record<string, { schema: JsonSchema }> | undefined
  )?.["application/json"]?.schema;
  const body: fc.Arbitrary<HostileRequest["body"]> = bodySchema
    ? fc.oneof(
        {
          weight: 8,
          arbitrary: valueFor(bodySchema, resolve, w.ids).map((value) => ({ kind: "json" as const, value })),
        },
        {
          weight: 2,
          arbitrary: fc
            .tuple(
              fc.constantFrom("{", "", "[]", "null", '{"a":', '"str"', "{}".padEnd(70_000, " "), "\u0000"),
              fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", null),
            )
            .map(([text, type]) => ({ kind: "raw" as const, text, type })),
        },
        { weight: 1, arbitrary: fc.constant(null) },
      )
    : fc.oneof(
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constant({ kind: "json" as const, value: { x: 1 } }) },
      );
  return fc.record({
    credentials: fc.constantFrom(...w.credentials),
    queueToken: fc.oneof(fc.constant(null), fc.constantFrom(...w.tokens)),
    idempotencyKey: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom("", "k".repeat(300), "é", "key\u0000") },
    ),
    params: fc.record(Object.fromEntries(pathParams.map((name) => [name, idText]))),
    query: fc.record(
      Object.fromEntries(
        queryParams.map((p) => [
          p.name as string,
          fc.oneof(
            valueFor(p.schema as JsonSchema, resolve, w.ids).map((v) => String(v)),
            hostileText(),
          ),
        ]),
      ),
      { requiredKeys: [] },
    ),
    body,
  });
}

/** What a client could put on the wire at all: lone UTF-16 surrogates become U+FFFD, as a browser would send. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

function targetUser(req: HostileRequest): number | null {
  const fromPath = req.params.userId;
  if (fromPath !== undefined && /^[1-9][0-9]{0,9}$/.test(fromPath)) return Number(fromPath);
  const value = req.body?.kind === "json" ? (req.body.value as { userId?: unknown } | null) : null;
  return value && typeof value === "object" && Number.isSafeInteger(value.userId) ? (value.userId as number) : null;
}

async function send(operation: Operation, req: HostileRequest) {
  const handler = await handlerFor(operation.method, operation.path);
  const concrete = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(wellFormed(req.params[name] ?? "")),
  );
  const headers: Record<string, string> = { ...req.credentials.headers };
  if (req.queueToken !== null) headers.authorization = `Bearer ${req.queueToken}`;
  if (req.idempotencyKey !== null && /^[\x20-\x7e]*$/.test(req.idempotencyKey))
    headers["idempotency-key"] = req.idempotencyKey;
  let rawBody: string | undefined;
  if (req.body?.kind === "json") {
    rawBody = JSON.stringify(req.body.value) ?? "null";
    headers["content-type"] = "application/json";
  } else if (req.body?.kind === "raw") {
    rawBody = req.body.text;
    if (req.body.type) headers["content-type"] = req.body.type;
  }
  const method = operation.method;
  return call(handler, method, concrete, {
    params: req.params,
    query: Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => e[1] !== undefined)),
    headers,
    rawBody: method === "GET" || method === "DELETE" ? undefined : rawBody,
  });
}

function checkShape(operation: Operation, res: { status: number; body: unknown; headers: Headers }): string | null {
  if (res.status >= 500) return `a ${res.status}: ${JSON.stringify(res.body)}`;
  if (res.status >= 400) {
    const body = res.body as Json | undefined;
    const kind = body?.error as keyof typeof ERROR_KINDS | undefined;
    const keysOk = body && Object.keys(body).every((k) => ["code", "message", "error", "detail"].includes(k));
    if (
      !body ||
      !keysOk ||
      body.code !== res.status ||
      typeof body.message !== "string" ||
      !kind ||
      !(kind in ERROR_KINDS)
    ) {
      return `not the error shape: ${res.status} ${JSON.stringify(body)}`;
    }
    if (ERROR_KINDS[kind].status !== res.status) return `kind ${kind} with status ${res.status}`;
    if (body.detail !== undefined && typeof body.detail !== "string") return `a non-string detail`;
    return null;
  }
  try {
    expectDocumented(operation.method, operation.path, res);
    return null;
  } catch (error) {
    return (error as Error).message.slice(0, 500);
  }
}

describe("hostile input, generated from the OpenAPI document", () => {
  it("never answers 5xx or out of shape, and a refused request changes nothing", async () => {
    const w = await world();
    const ops = operations();
    const perOperation = Math.max(5, Math.ceil(TOTAL_RUNS / ops.length));
    for (const [index, operation] of ops.entries()) {
      const samples = fc.sample(requests(operation, w), { numRuns: perOperation, seed: SEED + index });
      for (const req of samples) {
        const before = await fingerprint();
        const res = await send(operation, req);
        stats.requests++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        const label = `${operation.method} ${operation.path} as ${req.credentials.name} ${JSON.stringify({ ...req, credentials: undefined }).slice(0, 400)}`;
        if (res.status >= 500) stats.serverErrors++;
        const shape = checkShape(operation, res);
        if (shape) {
          stats.shapeViolations++;
          violations.push(`${label}: ${shape}`);
        }
        if (res.status >= 400 && (await fingerprint()) !== before) {
          stats.stateChanges++;
          violations.push(`${label}: a ${res.status} changed the database`);
        }
        const target = targetUser(req);
        const actor = req.credentials.userId;
        if (
          res.status < 300 &&
          actor !== null &&
          target !== null &&
          target !== actor &&
          !operation.path.startsWith("/api/admin")
        ) {
          stats.crossUserSuccesses++;
          violations.push(`${label}: user ${actor} acted on user ${target} (${res.status})`);
        }
      }
    }
    expect(violations.slice(0, 20), `seed ${SEED}; ${JSON.stringify(stats)}`).toEqual([]);
    expect(stats.requests).toBeGreaterThanOrEqual(Math.min(TOTAL_RUNS, ops.length * 5));
  }, 900_000);
});
