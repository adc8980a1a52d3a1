import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as openapiRoute from "@/app/api/openapi.json/route";
import { routeSpecOf, type Handler } from "@/lib/http/with-route";
import { apiOperations, findOperation } from "@/lib/openapi/api-operations";
import { buildOpenApiDocument, openApiDocument } from "@/lib/openapi/build-document";
import { HTTP_METHODS, apiRouteFiles } from "../helpers/openapi";
import { call } from "../helpers/http";

type Json = Record<string, unknown>;
const doc = openApiDocument();
const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
  Object.entries(item).map(([m, op]) => ({ path: p, method: m, op: op as Json })),
);

function allRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allRefs(v, into));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") into.push(v);
      else allRefs(v, into);
    }
  }
  return into;
}

describe("the OpenAPI document", () => {
  it("is served at GET /api/openapi.json as OpenAPI 3.1 JSON", async () => {
    const res = await call(openapiRoute.GET, "GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(res.body.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(res.body.paths).length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining(["Error", "Balance", "ChargeRequest", "LedgerEntry"]),
    );
    expect(Object.keys(res.body.components.securitySchemes).sort()).toEqual(["apiKey", "queueToken", "sessionCookie"]);
    expect((await call(openapiRoute.POST, "POST", "/api/openapi.json")).status).toBe(405);
  });

  it("resolves every $ref to a component, and every component is a JSON Schema object", () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(typeof schema, name).toBe("object");
      expect(JSON.stringify(schema), name).not.toContain("$defs");
    }
  });

  it("describes every operation completely: id, tag, security, path parameters, success and error responses", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { path, method, op } of operations) {
      const label = `${method.toUpperCase()} ${path}`;
      expect(
        (op.tags as string[]).every((t) => tags.has(t)),
        label,
      ).toBe(true);
      expect(Array.isArray(op.security), label).toBe(true);
      for (const requirement of op.security as Json[]) {
        for (const scheme of Object.keys(requirement))
          expect(doc.components.securitySchemes[scheme], label).toBeDefined();
      }
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const pathParams = ((op.parameters ?? []) as Json[])
        .filter((p) => p.in === "path")
        .map((p) => p.name)
        .sort();
      expect(pathParams, label).toEqual(templated);
      const responses = op.responses as Record<string, Json>;
      expect(
        Object.keys(responses).some((s) => /^2\d\d$/.test(s)),
        label,
      ).toBe(true);
      expect(responses["500"], label).toBeDefined();
      for (const [status, response] of Object.entries(responses)) {
        expect(typeof response.description, `${label} ${status}`).toBe("string");
        if (Number(status) >= 400) {
          expect((response.content as Json)["application/json"], `${label} ${status}`).toMatchObject({
            schema: { $ref: "#/components/schemas/Error" },
          });
        }
      }
    }
  });

  it("covers the contract: endpoints 1-9, sign-up, API keys, my reservations, release, cancel, check-in, history, concerts, health", () => {
    const expected = [
      "post /api/queue/token/users/{userId}",
      "get /api/queue/token/users/{userId}",
      "get /api/queue/status",
      "get /api/concerts/{concertId}/schedules",
      "get /api/concerts/{concertId}/schedules/{scheduleId}/seats",
      "post /api/concerts/reservations",
      "post /api/payment/concerts/users/{userId}",
      "post /api/balance/users/{userId}/charge",
      "get /api/balance/users/{userId}",
      "get /api/balance/users/{userId}/history",
      "post /api/users",
      "get /api/me/api-keys",
      "post /api/me/api-keys",
      "delete /api/me/api-keys/{id}",
      "get /api/me/reservations",
      "delete /api/concerts/reservations/{reservationId}",
      "post /api/concerts/reservations/{reservationId}/cancel",
      "post /api/admin/check-in",
      "get /api/concerts",
      "get /api/health",
    ];
    const documented = operations.map((o) => `${o.method} ${o.path}`);
    expect(documented).toEqual(expect.arrayContaining(expected));
  });

  it("documents Idempotency-Key on endpoints 6, 7 and 8 only, and Retry-After on the queue status", () => {
    const withKey = operations
      .filter((o) => ((o.op.parameters ?? []) as Json[]).some((p) => p.in === "header" && p.name === "Idempotency-Key"))
      .map((o) => `${o.method} ${o.path}`)
      .sort();
    expect(withKey).toEqual(
      [
        "post /api/balance/users/{userId}/charge",
        "post /api/concerts/reservations",
        "post /api/payment/concerts/users/{userId}",
      ].sort(),
    );
    for (const o of operations.filter((x) => withKey.includes(`${x.method} ${x.path}`))) {
      expect(Object.keys(o.op.responses as Json)).toEqual(expect.arrayContaining(["409"]));
    }
    const status = doc.paths["/api/queue/status"]!.get as { responses: Record<string, Json> };
    expect(status.responses["200"]!.headers).toHaveProperty("Retry-After");
  });

  it("documents the sales export as a text/csv download and every other success as JSON", () => {
    const csv = doc.paths["/api/admin/concerts/{concertId}/sales.csv"]!.get as { responses: Record<string, Json> };
    expect(Object.keys(csv.responses["200"]!.content as Json)).toEqual(["text/csv"]);
    expect(csv.responses["200"]!.headers).toHaveProperty("Content-Disposition");
    for (const { path, method, op } of operations) {
      if (path.endsWith(".csv")) continue;
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        if (response.content)
          expect(Object.keys(response.content as Json), `${method} ${path} ${status}`).toEqual(["application/json"]);
      }
    }
  });

  it("refuses to build when one name is given to two different schemas", () => {
    const a = z.object({ x: z.number() }).meta({ id: "Clash" });
    const b = z.object({ y: z.string() }).meta({ id: "Clash" });
    const op = (schema: z.ZodType, path: string) => ({
      method: "get" as const,
      path,
      operationId: path,
      summary: "s",
      tag: "System",
      credentials: "none" as const,
      success: { status: 200, description: "d", schema },
    });
    expect(() => buildOpenApiDocument([op(a, "/a"), op(b, "/b")])).toThrow(/two different schemas are named Clash/);
  });
});

describe("every route under app/api is in the document", () => {
  const routes = apiRouteFiles();

  it("finds the route files (sanity check of the walk)", () => {
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining(["/api/users", "/api/balance/users/{userId}/charge", "/api/me/api-keys/{id}"]),
    );
    expect(routes.some((r) => r.path.includes("..."))).toBe(false);
  });

  it.each(routes.map((r) => [r.path, r.file]))(
    "%s: each implemented method is documented with the route's own schemas",
    async (openApiPath, file) => {
      const mod = (await import(file)) as Partial<Record<string, Handler>>;
      let implemented = 0;
      for (const method of HTTP_METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        const spec = routeSpecOf(handler);
        if (!spec) {
          // Not built with route(): it must be one of methods()'s 405 stubs.
          const res = await call(handler, method, openApiPath, { params: {} });
          expect(res.status, `${method} ${openApiPath}`).toBe(405);
          expect(
            doc.paths[openApiPath]?.[method.toLowerCase()],
            `${method} ${openApiPath} answers 405 but is documented`,
          ).toBeUndefined();
          continue;
        }
        implemented++;
        const op = findOperation(method, openApiPath);
        expect(op, `${method} ${openApiPath} is implemented but not documented`).toBeDefined();
        expect(doc.paths[openApiPath]?.[method.toLowerCase()]).toBeDefined();
        // The very same zod objects: the document cannot drift from what the route validates.
        expect(op!.params === spec.params, `${method} ${openApiPath}: params schema`).toBe(true);
        expect(op!.query === spec.query, `${method} ${openApiPath}: query schema`).toBe(true);
        expect(op!.body === spec.body, `${method} ${openApiPath}: body schema`).toBe(true);
        expect(op!.invalidBody, `${method} ${openApiPath}: invalid-body error`).toBe(spec.invalidBody);
        expect(Boolean(op!.idempotent), `${method} ${openApiPath}: Idempotency-Key`).toBe(
          Boolean(spec.idempotencyUser),
        );
        expect(op!.credentials === "none", `${method} ${openApiPath}: credentials`).toBe(!spec.authenticate);
      }
      expect(implemented, `${openApiPath} implements no method`).toBeGreaterThan(0);
    },
  );

  it("documents no operation without a route", () => {
    const routePaths = new Set(routes.map((r) => r.path));
    const orphans = apiOperations.filter((op) => !routePaths.has(op.path)).map((op) => `${op.method} ${op.path}`);
    expect(orphans).toEqual([]);
  });
});
