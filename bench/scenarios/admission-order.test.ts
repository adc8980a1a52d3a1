import { describe, expect, it } from "vitest";
import { admissionOrder, inversions } from "./s7-drop";

describe("admissionOrder", () => {
  it("passes a line admitted from the front, whatever the ticks' clocks said", () => {
    // Two ticks: the second took the lock later but stamped an earlier time.
    const order = admissionOrder([1_000, 1_000, 900, 900, null, null]);
    expect(order).toEqual({ admitted: 4, front: 4, pastGap: 0, inversions: 4 });
  });

  it("catches a fan admitted past one left waiting", () => {
    expect(admissionOrder([1, 2, null, 3, null]).pastGap).toBe(1);
    expect(admissionOrder([null, 1]).pastGap).toBe(1);
    expect(admissionOrder([1, 2, 3]).pastGap).toBe(0);
  });

  it("counts inversions as pairs out of order, ties not", () => {
    expect(inversions([3, 1, 2])).toBe(2);
    expect(inversions([1, 1, 1])).toBe(0);
  });
});
