import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import en from "../../messages/en.json";
import ko from "../../messages/ko.json";

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

describe("messages", () => {
  it("has an English text for every Korean one and nothing else", () => {
    expect(Object.keys(enFlat).sort()).toEqual(Object.keys(koFlat).sort());
  });

  it("uses the same placeholders in both languages, and every text parses as ICU", () => {
    // Placeholder names, outside ICU quotes ('{userId}' is literal text) and not the cases of a select/plural.
    const args = (text: string) => {
      const plain = text.replace(/'[^']*'/g, "");
      const names = [...plain.matchAll(/\{(\w+), (?:select|plural)/g)].map((m) => m[1]!);
      let flat = "";
      for (let i = 0, depth = 0; i < plain.length; i++) {
        if (plain[i] === "{") depth++;
        if (depth <= 1) flat += plain[i];
        if (plain[i] === "}") depth--;
      }
      return [...names, ...[...flat.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)].sort();
    };
    const values = { count: 2, number: 7, state: "available" } as Record<string, string | number>;
    const rich = { code: (c: unknown) => c, docs: (c: unknown) => c, link: (c: unknown) => c };
    for (const [locale, messages, flat] of [
      ["ko", ko, koFlat],
      ["en", en, enFlat],
    ] as const) {
      const t = createTranslator({
        locale,
        messages,
        onError: (e) => {
          throw e;
        },
      });
      for (const [key, text] of Object.entries(flat)) {
        const params = Object.fromEntries(args(text).map((a) => [a!, values[a!] ?? "x"]));
        expect(() => t.rich(key as never, { ...params, ...rich } as never), `${locale} ${key}`).not.toThrow();
      }
    }
    for (const [key, text] of Object.entries(koFlat))
      expect(new Set(args(enFlat[key]!)), key).toEqual(new Set(args(text)));
  });

  it("never names the time zone as GMT+9", () => {
    for (const [key, text] of Object.entries({ ...koFlat, ...enFlat })) expect(text, key).not.toMatch(/GMT/);
  });
});
