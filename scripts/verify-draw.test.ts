import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { drawCommitment, drawOrder } from "../lib/queue/draw-formula";
import { verifyDraw, type DrawDocument } from "./verify-draw";

// The verifier against documents made with the server's formula, and against every kind of tampering.

function publishedDraw(entrants = [3, 17, 18, 40, 41, 99, 1000]): DrawDocument {
  const seed = randomBytes(32);
  const { entrantsHash, order } = drawOrder(seed, entrants);
  return { drawCommitment: drawCommitment(seed), entrantsHash, drawSeed: seed.toString("hex"), entrants: order };
}

describe("verify-draw", () => {
  it("accepts an honest draw and tells a fan their place", () => {
    const doc = publishedDraw();
    const verdict = verifyDraw(doc, { commitment: doc.drawCommitment.toUpperCase(), tokenId: doc.entrants[2] });
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.notes[0]).toBe(`token ${doc.entrants[2]} was drawn at place 3 of 7`);
  });

  it("accepts an empty draw", () => {
    expect(verifyDraw(publishedDraw([])).ok).toBe(true);
  });

  it("fails loudly on a seed that is not the committed one", () => {
    const doc = { ...publishedDraw(), drawSeed: randomBytes(32).toString("hex") };
    const verdict = verifyDraw(doc);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures.join("\n")).toMatch(/sha256\(drawSeed\)/);
  });

  it("fails when the commitment the fan saw differs from the published one", () => {
    const verdict = verifyDraw(publishedDraw(), { commitment: "ab".repeat(32) });
    expect(verdict.failures.join("\n")).toMatch(/you saw while waiting/);
  });

  it("fails on a tampered entrants hash", () => {
    const doc = { ...publishedDraw(), entrantsHash: "00".repeat(32) };
    expect(verifyDraw(doc).failures.join("\n")).toMatch(/entrantsHash/);
  });

  it("fails on an entrant added, removed or repeated", () => {
    const doc = publishedDraw();
    expect(verifyDraw({ ...doc, entrants: [...doc.entrants, 5000] }).ok).toBe(false);
    expect(verifyDraw({ ...doc, entrants: doc.entrants.slice(1) }).ok).toBe(false);
    expect(verifyDraw({ ...doc, entrants: [...doc.entrants.slice(0, -1), doc.entrants[0]!] }).ok).toBe(false);
  });

  it("fails on a reordered line and says where", () => {
    const doc = publishedDraw();
    const swapped = [...doc.entrants];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const verdict = verifyDraw({ ...doc, entrants: swapped });
    expect(verdict.failures.join("\n")).toMatch(/differs from the drawn order at place 1/);
  });

  it("fails when a fan's token is not in the draw", () => {
    expect(verifyDraw(publishedDraw(), { tokenId: 123456 }).failures.join("\n")).toMatch(/not among/);
  });
});
