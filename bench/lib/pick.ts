/** Element `i` of `list`, or a clear error naming `what` when there is none (instead of `undefined` later). */
export function at<T>(list: readonly T[], i: number, what = "element"): T {
  const value = list[i];
  if (value === undefined) throw new Error(`no ${what} at index ${i} (there are ${list.length})`);
  return value;
}
