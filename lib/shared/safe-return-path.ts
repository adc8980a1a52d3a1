// Used by server pages and client forms alike: where a sign-in or top-up may send the fan back to.
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
