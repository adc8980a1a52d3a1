import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Handler } from "@/lib/http/with-route";
import { openApiDocument } from "@/lib/openapi/build-document";

// Checks real responses against the OpenAPI document itself (its JSON Schemas, read back with
// z.fromJSONSchema), so a wrong document fails even where the zod schemas behind it are right.

type Json = Record<string, unknown>;
type Res = { status: number; body: unknown; headers: Headers };

const root = path.resolve(import.meta.dirname, "../..");
const apiDir = path.join(root, "app/api");
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api as an OpenAPI path, except the catch-all 404 and next-auth's own. */
export function apiRouteFiles(): { file: string; path: string }[] {
  const found: { file: string; path: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const rel = path.relative(apiDir, dir).split(path.sep);
        if (rel.some((segment) => segment.startsWith("[..."))) continue;
        found.push({ file: full, path: `/api/${rel.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}` });
      }
    }
  };
  walk(apiDir);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The handler of `METHOD /api/path/{param}`, read from its route file (throws when there is none). */
export async function handlerFor(method: string, openApiPath: string): Promise<Handler> {
  const dir = path.join(
    apiDir,
    ...openApiPath
      .replace(/^\/api\//, "")
      .split("/")
      .map((s) => s.replace(/^\{(\w+)\}$/, "[$1]")),
  );
  const file = path.join(dir, "route.ts");
  if (!existsSync(file)) throw new Error(`no route file for ${openApiPath} (${file})`);
  const mod = (await import(file)) as Record<string, Handler>;
  const handler = mod[method.toUpperCase()];
  if (!handler) throw new Error(`${file} exports no ${method.toUpperCase()} handler for ${openApiPath}`);
  return handler;
}

const validators = new Map<string, z.ZodType>();
/** "get /api/x 200" for every response checked, so a test can require that each operation was exercised. */
export const checkedResponses = new Set<string>();

function documentedOperation(method: string, openApiPath: string): Json {
  const op = (openApiDocument().paths[openApiPath] as Record<string, Json> | undefined)?.[method.toLowerCase()];
  if (!op) throw new Error(`${method.toUpperCase()} ${openApiPath} is not in the OpenAPI document`);
  return op;
}

/** Fails unless the status is documented for the operation and the body matches its documented schema. */
export function expectDocumented(method: string, openApiPath: string, res: Res): void {
  const op = documentedOperation(method, openApiPath);
  const response = (op.responses as Record<string, Json>)[String(res.status)];
  if (!response) {
    throw new Error(
      `${method.toUpperCase()} ${openApiPath} answered ${res.status} ${JSON.stringify(res.body)}, a status the document does not list`,
    );
  }
  const content = response.content as Record<string, { schema: Json }> | undefined;
  const [mediaType, body] = Object.entries(content ?? {})[0] ?? [];
  const label = `${method.toUpperCase()} ${openApiPath} ${res.status}`;
  if (!mediaType || !body) {
    if (res.body !== undefined) throw new Error(`${label}: documented without a body, got ${JSON.stringify(res.body)}`);
  } else if (mediaType !== "application/json") {
    // A text download (the sales CSV): the documented media type, and text that the documented schema accepts.
    const type = res.headers.get("content-type") ?? "";
    if (!type.startsWith(mediaType)) throw new Error(`${label}: Content-Type ${type}, documented ${mediaType}`);
    if (typeof res.body !== "string" || !validatorFor(body.schema).safeParse(res.body).success)
      throw new Error(`${label}: the body is not the documented ${mediaType} text`);
  } else {
    const parsed = validatorFor(body.schema).safeParse(res.body);
    if (!parsed.success) {
      throw new Error(
        `${label}: the body does not match the document: ${parsed.error.message}\n${JSON.stringify(res.body).slice(0, 2000)}`,
      );
    }
  }
  for (const name of Object.keys((response.headers as Json | undefined) ?? {})) {
    if (name === "Idempotent-Replayed") continue; // only on replays
    if (res.headers.get(name) === null)
      throw new Error(`${method.toUpperCase()} ${openApiPath} ${res.status}: header ${name} is documented but missing`);
  }
  checkedResponses.add(`${method.toLowerCase()} ${openApiPath} ${res.status}`);
}

function validatorFor(schema: Json): z.ZodType {
  const key = JSON.stringify(schema);
  let validator = validators.get(key);
  if (!validator) {
    const defs = toDefs(openApiDocument().components.schemas) as Json;
    validator = z.fromJSONSchema({ ...(toDefs(schema) as Json), $defs: defs } as Parameters<
      typeof z.fromJSONSchema
    >[0]);
    validators.set(key, validator);
  }
  return validator;
}

function toDefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toDefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/$defs/") : toDefs(v),
      ]),
    );
  }
  return value;
}
