// Raw queries return arrays; these say how many rows the caller expects instead of `rows[0]` everywhere.

/** The single row of a query that returns exactly one (an aggregate, an INSERT ... RETURNING). */
export function oneRow<T>(rows: readonly T[], what = "row"): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) throw new Error(`expected exactly one ${what}, got ${rows.length}`);
  return row;
}

/** The first row, or undefined when there is none (a lookup that may miss). */
export function firstRow<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}
