import { describe, expect, it } from "vitest";
import { chartSeries } from "./chart-series";

describe("dashboard chart series", () => {
  it("plots line depth as sampled and admissions and sales per minute from running totals", () => {
    const series = chartSeries([
      { at: "2026-12-01T01:00:00.000Z", waiting: 50, active: 10, admitted: 100, sold: 4 },
      { at: "2026-12-01T01:01:00.000Z", waiting: 30, active: 10, admitted: 130, sold: 10 },
      // Two minutes without a sample: the 40 admissions spread over them.
      { at: "2026-12-01T01:04:00.000Z", waiting: 0, active: 5, admitted: 170, sold: 9 },
    ]);
    expect(series).toEqual([
      { at: "2026-12-01T01:00:00.000Z", waiting: 50, admittedPerMinute: null, soldPerMinute: null },
      { at: "2026-12-01T01:01:00.000Z", waiting: 30, admittedPerMinute: 30, soldPerMinute: 6 },
      { at: "2026-12-01T01:04:00.000Z", waiting: 0, admittedPerMinute: 13.3, soldPerMinute: 0 },
    ]);
  });

  it("is empty without samples", () => {
    expect(chartSeries([])).toEqual([]);
  });
});
