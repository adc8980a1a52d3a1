import fc from "fast-check";

// Values a hostile client sends, for the suite in test/integration/hostile-input.test.ts: generated from the
// OpenAPI document's JSON Schemas (so a new route is covered the day it is documented), biased towards the
// edges where servers break: wrong types, huge, negative and fractional numbers, unicode and NUL, nulls,
// arrays, missing and extra fields.

export type JsonSchema = { [key: string]: unknown };

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\ud800",
  "🎫🎟️",
  "‮evil",
  "아이유",
  "x".repeat(5_000),
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "${jndi:ldap://x}",
  "%00",
  "%ZZ",
  "../../etc/passwd",
  "null",
  "true",
  "1e309",
  "-0",
  "NaN",
  "2026-02-30T25:61:00Z",
  "0000-00-00T00:00:00.000Z",
  "9999-12-31T23:59:59.999Z",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00.000Z",
  "1970-01-01T00:00:00+14:00",
];

const HOSTILE_NUMBERS = [
  0,
  -1,
  -0,
  1.5,
  0.1,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  -(2 ** 53),
  1e21,
  1e308,
  Number.MIN_VALUE,
  100_000_001,
  1_000_001,
];

/** A string a path segment or query value may carry, hostile or plausible. */
export function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "grapheme" }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: "binary" }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("abc", "-1", "0", "1.5", "99999999999", "2147483648", "0x10", "1e3", " 7", "07", "١٢"),
    },
  );
}

/** Any JSON value, for a field whose type is being got wrong. */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constant([]),
    fc.constant({}),
    fc.constant([1, "2", null]),
    fc.constant({ nested: { deeper: [{}] } }),
  );
}

type Resolve = (schema: JsonSchema) => JsonSchema;

/**
 * Values for a JSON Schema: mostly valid-looking ones (drawn from `ids` for integer ids, so requests reach
 * the use cases), mixed with the hostile edges above. Objects lose required fields, gain extra ones, or turn
 * into other types now and then.
 */
export function valueFor(
  schema: JsonSchema,
  resolve: Resolve,
  ids: number[],
  depth = 0,
  // The 2,500-item array only where no enclosing array has one: nested (a concert's schedules' sections) they
  // multiply to millions of values per sample, which a 20,000-request run could not hold in memory.
  longArrays = true,
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const wrong = anyJson();
  if (depth > 4) return wrong;
  if (Array.isArray(s.enum)) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(s.enum as unknown[])) },
      { weight: 1, arbitrary: wrong },
    );
  }
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const options = ((s.anyOf ?? s.oneOf) as JsonSchema[]).map((o) => valueFor(o, resolve, ids, depth + 1, longArrays));
    return fc.oneof(...options);
  }
  switch (s.type) {
    case "integer":
      return fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...ids) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 200_000 }) },
        { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
        { weight: 1, arbitrary: wrong },
      );
    case "number":
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...HOSTILE_NUMBERS), wrong);
    case "boolean":
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: wrong });
    case "string": {
      const plausible =
        s.format === "date-time"
          ? fc
              .integer({ min: -400 * 86_400_000, max: 400 * 86_400_000 })
              .map((offset) => new Date(Date.now() + offset).toISOString())
          : s.format === "email"
            ? fc.emailAddress()
            : fc.string({ minLength: 1, maxLength: 30 });
      return fc.oneof(
        { weight: 4, arbitrary: plausible },
        { weight: 2, arbitrary: hostileText() },
        { weight: 1, arbitrary: wrong },
      );
    }
    case "array": {
      const item = s.items ? valueFor(s.items as JsonSchema, resolve, ids, depth + 1, false) : anyJson();
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(item, { maxLength: 6 }) },
        ...(longArrays ? [{ weight: 1, arbitrary: fc.array(item, { minLength: 2_500, maxLength: 2_600 }) }] : []),
        { weight: 1, arbitrary: wrong },
      );
    }
    case "object":
    default: {
      const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const names = Object.keys(properties);
      if (names.length === 0) return fc.oneof(fc.constant({}), wrong);
      const fields = Object.fromEntries(
        names.map((n) => [n, valueFor(properties[n]!, resolve, ids, depth + 1, longArrays)]),
      );
      const full = fc.record(fields, { requiredKeys: names.filter((n) => required.has(n)) });
      return fc.oneof(
        { weight: 6, arbitrary: full },
        { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(full, hostileText(), anyJson())
            .map(([object, key, value]) => ({ ...(object as object), [key || "extra"]: value })),
        },
        { weight: 1, arbitrary: wrong },
      );
    }
  }
}
