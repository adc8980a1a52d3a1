import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import en from "../../messages/admin/en.json";
import ko from "../../messages/admin/ko.json";
import { saleSummary, type SaleDraft } from "./sale-summary";

const draft: SaleDraft = {
  dedicated: true,
  zone: "Asia/Seoul",
  prequeueOpensAt: "2026-12-01T09:30",
  salesStartAt: "2026-12-01T10:00",
  activeCapacity: "200",
  admitPerSecond: "",
  holdRequiresFunds: false,
  maxTicketsPerFan: "4",
};

function words(locale: "ko" | "en", lines: ReturnType<typeof saleSummary>): string {
  const t = createTranslator({ locale, messages: { admin: locale === "ko" ? ko : en }, namespace: "admin.sale" });
  return lines.map(([key, values]) => t(key, values as never)).join(" ");
}

describe("sale summary", () => {
  it("says who is drawn, when, and how many shop at once", () => {
    const lines = saleSummary(draft, { defaultCapacity: 100, defaultRate: null });
    expect(words("en", lines)).toBe(
      "Fans who arrive between 09:30 and 2026-12-01 10:00 are drawn at random at 2026-12-01 10:00; then first come, " +
        "first served. At most 200 shopping at once. No cap on the admission rate. Up to 4 tickets per fan. " +
        "Times in Asia/Seoul.",
    );
    expect(words("ko", lines)).toContain("09:30부터 2026-12-01 10:00 사이에 도착한 팬은");
  });

  it("falls back to the server's defaults and mentions the funds rule", () => {
    const lines = saleSummary(
      {
        ...draft,
        prequeueOpensAt: "2026-12-01T10:00",
        activeCapacity: "",
        admitPerSecond: "",
        holdRequiresFunds: true,
      },
      { defaultCapacity: 100, defaultRate: 20 },
    );
    expect(lines.map(([key]) => key)).toEqual([
      "summaryNoPrequeue",
      "summaryCapacityDefault",
      "summaryRate",
      "summaryFunds",
      "summaryTickets",
      "summaryZone",
    ]);
    expect(words("en", lines)).toContain("the server's default (100)");
    expect(words("en", lines)).toContain("At most 20 let in per second.");
  });

  it("writes the opening's date when it is another day", () => {
    const lines = saleSummary(
      { ...draft, prequeueOpensAt: "2026-11-30T22:00" },
      { defaultCapacity: 1, defaultRate: null },
    );
    expect(lines[0]).toEqual(["summaryDraw", { opens: "2026-11-30 22:00", start: "2026-12-01 10:00" }]);
  });
});
