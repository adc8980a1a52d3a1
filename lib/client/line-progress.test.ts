import { describe, expect, it } from "vitest";
import { lineProgress } from "./line-progress";

describe("lineProgress", () => {
  it("is the share of the people ahead at the start who have gone in", () => {
    expect(lineProgress(11, 11)).toBe(0);
    expect(lineProgress(11, 6)).toBe(0.5);
    expect(lineProgress(11, 1)).toBe(1);
  });

  it("shows no bar for a fan who had nobody ahead (never half full at position 1)", () => {
    expect(lineProgress(1, 1)).toBeNull();
  });
});
