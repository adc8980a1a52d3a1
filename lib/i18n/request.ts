import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, TIME_ZONE } from "./locales";

// next-intl's per-request configuration (named in next.config.mjs). No locale in the URL: the language is the
// fan's choice, kept in a cookie, so switching it keeps the page, the session and the place in line.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get("NEXT_LOCALE")?.value;
  const locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  return {
    locale,
    timeZone: TIME_ZONE,
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});
