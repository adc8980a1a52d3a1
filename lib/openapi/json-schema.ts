import { z } from "zod";

export type JsonSchema = { [key: string]: unknown };

const SAFE_INT_BOUNDS = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);

/**
 * Converts zod schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect) and gathers every schema named
 * with `.meta({ id })` under components.schemas, so the document refers to each named shape once.
 * Requests are converted as input (what a client sends, before transforms), responses as output.
 */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    const root = tidy(rewriteRefs(json)) as JsonSchema;
    this.hoist(root, defs);
    return root;
  }

  /** An object schema's properties, one by one, for path, query and header parameters. */
  properties(schema: z.ZodType): { name: string; required: boolean; schema: JsonSchema }[] {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    // A params object named with `.meta({ id })` comes back as a $ref to itself: look through it.
    const object = (typeof json.$ref === "string" ? defs[refName(json.$ref)] : json) as JsonSchema;
    const required = new Set((object.required as string[] | undefined) ?? []);
    return Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => {
      const converted = tidy(rewriteRefs(property)) as JsonSchema;
      this.hoist(converted, defs);
      // Path and query values are text; the pattern that checks the digits means nothing on an integer.
      if (converted.type === "integer") delete converted.pattern;
      return { name, required: required.has(name), schema: converted };
    });
  }

  /** Adds the named schemas `root` refers to (and those they refer to), refusing two shapes under one name. */
  private hoist(root: unknown, defs: Record<string, JsonSchema>): void {
    const pending = [...refsIn(root)];
    const seen = new Set<string>();
    while (pending.length) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const def = defs[name];
      if (!def) throw new Error(`OpenAPI: schema ${name} is referenced but not defined`);
      const converted = tidy(rewriteRefs(def)) as JsonSchema;
      const existing = this.components[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(converted)) {
        throw new Error(`OpenAPI: two different schemas are named ${name} (an input and an output shape?)`);
      }
      this.components[name] = converted;
      pending.push(...refsIn(converted));
    }
  }
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")
          ? `#/components/schemas/${refName(v)}`
          : rewriteRefs(v),
      ]),
    );
  }
  return value;
}

function refsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, into));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/")) into.add(refName(v));
      else refsIn(v, into);
    }
  }
  return into;
}

/** Drops zod's safe-integer bounds on every `int()`: true, but noise to a reader of the document. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !((k === "minimum" || k === "maximum") && SAFE_INT_BOUNDS.has(v as number)))
        .map(([k, v]) => [k, tidy(v)]),
    );
  }
  return value;
}
