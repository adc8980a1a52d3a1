// The position a fan first saw for one place in line, so the progress bar can show how far they have come.
// Only a number keyed by the token's id (not the token), so sessionStorage is fine and survives a reload.
const PREFIX = "ticketing.line-start.";

export function startingPosition(tokenId: number, position: number): number {
  let store: Storage | null = null;
  try {
    store = typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    store = null; // storage disabled
  }
  const stored = Number(store?.getItem(`${PREFIX}${tokenId}`));
  if (Number.isInteger(stored) && stored >= position && stored > 0) return stored;
  store?.setItem(`${PREFIX}${tokenId}`, String(position));
  return position;
}

/**
 * How far along the line the fan is, 0..1: the share of the people who were ahead at the start who have gone
 * in since. A fan who had nobody ahead has no progress to show (null), rather than a bar stuck half full.
 */
export function lineProgress(start: number, position: number): number | null {
  if (start <= 1) return null;
  return Math.min(1, Math.max(0, (start - position) / (start - 1)));
}
