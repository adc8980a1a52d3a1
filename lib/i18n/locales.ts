// The site's languages: Korean first (our fans, acts and venues are Korean), English second. Neutral module:
// the server reads the cookie with it, the language switch writes it.
export const LOCALES = ["ko", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "ko";
/** next-intl's own cookie name, kept for a year so the choice persists. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;
/** Every show is in Korea, so times are shown in Korean time and say so (KST), wherever the fan is. */
export const TIME_ZONE = "Asia/Seoul";

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
