import { describe, expect, it } from "vitest";
import { formatCountdown, formatDateTime, formatWait, formatWon } from "./format";

describe("formatWon", () => {
  it("writes won the Korean way, without decimals", () => {
    expect(formatWon(165_000)).toBe("₩165,000");
    expect(formatWon(0)).toBe("₩0");
    expect(formatWon(-99_000)).toBe("-₩99,000");
  });
});

describe("formatDateTime", () => {
  it("shows the instant in the given time zone", () => {
    const iso = "2026-12-14T10:00:00.000Z";
    expect(formatDateTime(iso, "Asia/Seoul")).toMatch(/7:00/);
    expect(formatDateTime(iso, "UTC")).toMatch(/10:00/);
  });
});

describe("formatCountdown", () => {
  it("rounds up to whole seconds and never goes negative", () => {
    expect(formatCountdown(299_001)).toBe("5:00");
    expect(formatCountdown(65_000)).toBe("1:05");
    expect(formatCountdown(1)).toBe("0:01");
    expect(formatCountdown(0)).toBe("0:00");
    expect(formatCountdown(-5_000)).toBe("0:00");
  });
});

describe("formatWait", () => {
  it("speaks in rounded, human units", () => {
    expect(formatWait(3)).toBe("a few seconds");
    expect(formatWait(42)).toBe("about 40 seconds");
    expect(formatWait(60)).toBe("about 1 minute");
    expect(formatWait(150)).toBe("about 3 minutes");
    expect(formatWait(3_900)).toBe("about 1 h 5 min");
  });
});
