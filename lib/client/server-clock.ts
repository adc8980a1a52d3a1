// The server's clock as seen from the browser. Countdowns to server timestamps (a seat hold's expiresAt)
// must not trust the device clock, which can be minutes off; every API response's Date header corrects it.
let skewMs = 0;
let samples = 0;

/** Records one Date header; the request's midpoint is our best guess of when the server stamped it. */
export function noteServerDate(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  if (!dateHeader) return;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs)) return;
  // The header has one-second resolution (it is truncated), so add half a second on average.
  const sample = serverMs + 500 - (sentAt + receivedAt) / 2;
  // A running average smooths the header's coarse resolution without letting one slow response dominate.
  samples = Math.min(samples + 1, 8);
  skewMs += (sample - skewMs) / samples;
}

/** Milliseconds to add to Date.now() to get the server's time. */
export function serverSkewMs(): number {
  return skewMs;
}

export function serverNow(): number {
  return Date.now() + skewMs;
}
