import { describe, expect, it } from "vitest";
import {
  formatCountdown,
  formatDate,
  formatDateTime,
  formatDuration,
  formatTime,
  formatWait,
  formatWon,
} from "./format";

describe("formatWon", () => {
  it("writes won the Korean way in Korean and with the sign in English, without decimals", () => {
    expect(formatWon(165_000, "ko")).toBe("165,000원");
    expect(formatWon(165_000, "en")).toBe("₩165,000");
    expect(formatWon(0, "en")).toBe("₩0");
    expect(formatWon(-99_000, "ko")).toBe("-99,000원");
  });
});

describe("dates and times", () => {
  it("shows Korean time, named KST, whatever the machine's zone", () => {
    const iso = "2026-12-14T10:00:00.000Z"; // 19:00 in Seoul
    expect(formatDate(iso, "ko")).toBe("2026년 12월 14일 (월)");
    expect(formatTime(iso, "ko")).toBe("오후 7:00 KST");
    expect(formatDate(iso, "en")).toBe("Mon, Dec 14, 2026");
    expect(formatTime(iso, "en")).toBe("7:00 PM KST");
    expect(formatDateTime("2026-12-13T15:05:00.000Z", "ko")).toBe("2026년 12월 14일 (월) 오전 12:05 KST");
    expect(formatDateTime(iso, "en")).not.toMatch(/GMT/);
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

describe("formatWait and formatDuration", () => {
  it("speak in rounded, human units in both languages", () => {
    expect(formatWait(3, "en")).toBe("a few seconds");
    expect(formatWait(42, "en")).toBe("about 40 seconds");
    expect(formatWait(60, "en")).toBe("about 1 minute");
    expect(formatWait(150, "ko")).toBe("약 3분");
    expect(formatWait(3_900, "ko")).toBe("약 1시간 5분");
    expect(formatDuration(150, "ko")).toBe("2시간 30분");
    expect(formatDuration(120, "en")).toBe("2 h");
  });
});
