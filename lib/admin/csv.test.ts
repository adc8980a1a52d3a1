import { describe, expect, it } from "vitest";
import { csvCell, csvRows } from "./csv";

describe("csvCell", () => {
  it("writes plain text and numbers as they are", () => {
    expect(csvCell("VIP")).toBe("VIP");
    expect(csvCell("fan@example.com")).toBe("fan@example.com");
    expect(csvCell(165000)).toBe("165000");
    expect(csvCell(null)).toBe("");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("R, left")).toBe('"R, left"');
    expect(csvCell('the "good" seats')).toBe('"the ""good"" seats"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
  });

  it.each(['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])(
    "neutralises a formula: %j",
    (formula) => {
      const cell = csvCell(formula);
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(cell.slice(2, -1).replaceAll('""', '"')).toBe(formula);
    },
  );

  it("joins rows with CRLF", () => {
    expect(
      csvRows([
        ["a", 1],
        ["b", null],
      ]),
    ).toBe("a,1\r\nb,\r\n");
  });
});
