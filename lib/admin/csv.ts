// CSV for spreadsheets (RFC 4180), safe to open: a text cell that a spreadsheet would evaluate as a formula
// (CSV injection: =, +, -, @, or a tab or carriage return before one of them) gets an apostrophe in front,
// which spreadsheets show as text. Numbers are written as they are: they never start a formula.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvCell = string | number | null;

export function csvCell(value: CsvCell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) || text !== value ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows joined with CRLF, ending with one, as RFC 4180 has it. */
export function csvRows(rows: CsvCell[][]): string {
  return rows.map((row) => row.map(csvCell).join(",") + "\r\n").join("");
}
