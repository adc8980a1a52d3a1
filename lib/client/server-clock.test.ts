import { describe, expect, it } from "vitest";
import { noteServerDate, serverSkewMs } from "./server-clock";

describe("server clock skew", () => {
  it("estimates how far the device clock is from the server's Date header", () => {
    // The device is 120 s behind: the server said 12:02:00 while the device read 12:00:00 (+/- 100 ms).
    const device = Date.parse("2026-11-29T12:00:00.000Z");
    for (let i = 0; i < 5; i++) {
      noteServerDate("Sun, 29 Nov 2026 12:02:00 GMT", device - 100, device + 100);
    }
    // The header is truncated to the second, so the estimate is within a second of the truth.
    expect(Math.abs(serverSkewMs() - 120_000)).toBeLessThanOrEqual(1_000);
  });

  it("ignores missing and unreadable headers", () => {
    const before = serverSkewMs();
    noteServerDate(null, 0, 0);
    noteServerDate("not a date", 0, 0);
    expect(serverSkewMs()).toBe(before);
  });
});
