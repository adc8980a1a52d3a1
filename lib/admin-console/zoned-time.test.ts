import { describe, expect, it } from "vitest";
import { isTimeZone, utcToZonedInput, zonedClock, zonedToUtc, zoneOffsetMinutes } from "./zoned-time";

describe("organizer time zone", () => {
  it("reads a Seoul wall time as UTC nine hours earlier, and back", () => {
    expect(zonedToUtc("2026-12-01T10:00", "Asia/Seoul")?.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(zonedToUtc("2026-12-01T00:30:15", "Asia/Seoul")?.toISOString()).toBe("2026-11-30T15:30:15.000Z");
    expect(utcToZonedInput("2026-12-01T01:00:00.000Z", "Asia/Seoul")).toBe("2026-12-01T10:00");
    expect(utcToZonedInput("2026-11-30T15:30:15.000Z", "Asia/Seoul")).toBe("2026-12-01T00:30:15");
    expect(zonedClock("2026-12-01T01:00:00.000Z", "Asia/Seoul")).toBe("10:00");
  });

  it("follows daylight saving time where the zone has it", () => {
    expect(zoneOffsetMinutes(new Date("2026-07-01T12:00:00Z"), "America/New_York")).toBe(-240);
    expect(zoneOffsetMinutes(new Date("2026-12-01T12:00:00Z"), "America/New_York")).toBe(-300);
    expect(zonedToUtc("2026-07-01T09:00", "America/New_York")?.toISOString()).toBe("2026-07-01T13:00:00.000Z");
    expect(zonedToUtc("2026-12-01T09:00", "America/New_York")?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    // 02:30 on 8 March 2026 does not exist in New York: read as 03:30 EDT; 01:30 on 1 November occurs twice.
    expect(zonedToUtc("2026-03-08T02:30", "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(zonedToUtc("2026-11-01T01:30", "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    for (const local of ["2026-03-29T09:15", "2026-10-25T23:59:59", "2026-01-01T00:00"])
      expect(utcToZonedInput(zonedToUtc(local, "Europe/London")!, "Europe/London")).toBe(local);
  });

  it("refuses malformed values and unknown zones", () => {
    expect(zonedToUtc("2026-12-01 10:00", "Asia/Seoul")).toBeNull();
    expect(zonedToUtc("", "Asia/Seoul")).toBeNull();
    expect(isTimeZone("Asia/Seoul")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
