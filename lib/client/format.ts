// Money in won for a Korean audience; dates in the fan's own time zone (the browser's).
const won = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW", maximumFractionDigits: 0 });

export function formatWon(amount: number): string {
  return won.format(amount);
}

/** A plain grouped number for inputs and amounts without the currency sign. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat("ko-KR").format(value);
}

export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(iso));
}

export function formatDate(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone }).format(
    new Date(iso),
  );
}

/** "4:05" style countdown text; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, "0")}`;
}

/** "about 3 minutes" for wait estimates. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds <= 5 ? "a few seconds" : `about ${Math.round(seconds / 5) * 5} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} h ${rest} min`;
}

// A relative path resolved against this made-up origin stays on it; anything that leaves it would leave the site.
const RETURN_BASE = "http://return-path.invalid";
// Browsers drop tabs and newlines from URLs ("/\t/evil.example" becomes "//evil.example") and read "\" as "/".
const UNSAFE_CHAR = /[\u0000-\u001F\u007F\\]/;

/**
 * The one check for every redirect target taken from a URL (server pages and client forms alike): a same-site
 * path with its query and hash, or `fallback`. No "//evil.example", "https://...", "javascript:", backslashes
 * or control characters.
 */
export function safeReturnPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || UNSAFE_CHAR.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, RETURN_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== RETURN_BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example", which a browser would read as another host.
  return path.startsWith("//") ? fallback : path;
}
