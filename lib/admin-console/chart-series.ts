import type { RoomStats } from "@/lib/admin/admin-schemas";

// The dashboard's charts from the server's per-minute samples (docs/decisions/0021: `admitted` and `sold` are
// running totals). Line depth is the sample itself; admissions and sales per minute are the difference between
// consecutive samples divided by the minutes between them, which stays right across minutes without a sample.

export type ChartPoint = {
  at: string;
  waiting: number;
  admittedPerMinute: number | null;
  soldPerMinute: number | null;
};

export function chartSeries(samples: RoomStats["samples"]): ChartPoint[] {
  return samples.map((sample, i) => {
    const previous = samples[i - 1];
    if (!previous) return { at: sample.at, waiting: sample.waiting, admittedPerMinute: null, soldPerMinute: null };
    const minutes = Math.max(1, (Date.parse(sample.at) - Date.parse(previous.at)) / 60_000);
    const per = (now: number, before: number) => Math.round((Math.max(0, now - before) / minutes) * 10) / 10;
    return {
      at: sample.at,
      waiting: sample.waiting,
      admittedPerMinute: per(sample.admitted, previous.admitted),
      // Refunds lower the running total; a minute with more refunds than sales shows 0 sales, not negative.
      soldPerMinute: per(sample.sold, previous.sold),
    };
  });
}
