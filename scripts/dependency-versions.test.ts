import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Prisma's CLI generates the client that @prisma/client runs and the adapter plugs into: the three are
// released together and must be the same version, or generated code and runtime can disagree.
const root = path.resolve(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string }>;
};

const PRISMA_PACKAGES = ["prisma", "@prisma/client", "@prisma/adapter-pg"];

describe("dependency versions", () => {
  it("pins prisma, @prisma/client and @prisma/adapter-pg to one exact version", () => {
    const declared = PRISMA_PACKAGES.map((name) => manifest.dependencies[name] ?? manifest.devDependencies[name]);
    expect(
      declared.every((v) => v !== undefined && /^\d+\.\d+\.\d+$/.test(v)),
      String(declared),
    ).toBe(true);
    expect(new Set(declared).size, String(declared)).toBe(1);
    const locked = PRISMA_PACKAGES.map((name) => lock.packages[`node_modules/${name}`]?.version);
    expect(locked).toEqual(declared);
  });
});
