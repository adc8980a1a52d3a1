import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import en from "../../messages/admin/en.json";
import ko from "../../messages/admin/ko.json";
import siteKo from "../../messages/ko.json";

// The organizer console's texts (messages/admin/*.json, the `admin` namespace): same keys and placeholders in
// both languages, every text valid ICU, and no clash with the fan site's top-level namespaces.
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}

const koFlat = flatten(ko as Tree);
const enFlat = flatten(en as Tree);
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)(?:[,}])/g)].map((m) => m[1]!))].filter((n) => n !== "other").sort();

describe("admin messages", () => {
  it("has an English text for every Korean one and nothing else", () => {
    expect(Object.keys(enFlat).sort()).toEqual(Object.keys(koFlat).sort());
  });

  it("uses the same placeholders in both languages, and every text formats", () => {
    for (const [key, text] of Object.entries(koFlat))
      expect(placeholders(enFlat[key]!), key).toEqual(placeholders(text));
    for (const [locale, messages, flat] of [
      ["ko", ko, koFlat],
      ["en", en, enFlat],
    ] as const) {
      const t = createTranslator({
        locale,
        messages: { admin: messages },
        namespace: "admin",
        onError: (e) => {
          throw e;
        },
      });
      for (const [key, text] of Object.entries(flat)) {
        const values = Object.fromEntries(placeholders(text).map((p) => [p, p === "count" ? 3 : "x"]));
        expect(() => t(key as never, values as never), `${locale} ${key}`).not.toThrow();
      }
    }
  });

  it("sits under its own namespace, which the fan site does not use", () => {
    expect(Object.keys(siteKo)).not.toContain("admin");
    for (const key of Object.keys(koFlat)) expect(key.split(".").length, key).toBeLessThanOrEqual(2);
  });
});
