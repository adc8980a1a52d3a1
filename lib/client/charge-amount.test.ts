import { describe, expect, it } from "vitest";
import { parseChargeAmount } from "./charge-amount";

describe("parseChargeAmount", () => {
  it("accepts whole won from 1 to 1,000,000, with grouping and a currency sign", () => {
    expect(parseChargeAmount("1")).toEqual({ amount: 1 });
    expect(parseChargeAmount(" 50,000 ")).toEqual({ amount: 50_000 });
    expect(parseChargeAmount("₩1,000,000")).toEqual({ amount: 1_000_000 });
    expect(parseChargeAmount("30000원")).toEqual({ amount: 30_000 });
  });

  it("refuses what the API would refuse, saying why", () => {
    for (const text of ["0", "1000001", "1,000,001"]) expect(parseChargeAmount(text)).toEqual({ error: "outOfRange" });
    for (const text of ["12.5", "-5", "1e3", "abc"]) expect(parseChargeAmount(text)).toEqual({ error: "notWhole" });
    expect(parseChargeAmount("  ")).toEqual({ error: "empty" });
  });
});
