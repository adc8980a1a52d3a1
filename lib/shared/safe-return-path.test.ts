import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps same-site paths with their query and hash", () => {
    expect(safeReturnPath("/checkout/12?x=1")).toBe("/checkout/12?x=1");
    expect(safeReturnPath("/wallet?amount=5000&returnTo=%2Fcheckout%2F3#top")).toBe(
      "/wallet?amount=5000&returnTo=%2Fcheckout%2F3#top",
    );
    expect(safeReturnPath("/concerts/1/seats#map")).toBe("/concerts/1/seats#map");
    expect(safeReturnPath("/")).toBe("/");
  });

  it("refuses anything a browser would take off the site", () => {
    for (const evil of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\u0000/evil.example",
      "//evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "/.//evil.example",
      "/./\t/evil.example",
      "https://evil.example",
      "http:/evil.example",
      " /evil",
      "javascript:alert(1)",
      "evil.example",
    ]) {
      expect(safeReturnPath(evil), JSON.stringify(evil)).toBe("/");
    }
  });

  it("answers the fallback for nothing", () => {
    expect(safeReturnPath(undefined, "/wallet")).toBe("/wallet");
    expect(safeReturnPath(null)).toBe("/");
    expect(safeReturnPath("", "")).toBe("");
    expect(safeReturnPath("//evil.example", "")).toBe("");
  });
});
