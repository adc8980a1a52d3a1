import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, TIME_ZONE } from "./locales";

// next-intl's per-request configuration (named in next.config.mjs). No locale in the URL: the language is the
// fan's choice, kept in a cookie, so switching it keeps the page, the session and the place in line.
// The organizer console's texts live in their own files (messages/admin/*.json) under the `admin` namespace.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get("NEXT_LOCALE")?.value;
  const locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  const [site, admin] = await Promise.all([
    import(`../../messages/${locale}.json`),
    import(`../../messages/admin/${locale}.json`),
  ]);
  return {
    locale,
    timeZone: TIME_ZONE,
    messages: { ...site.default, admin: admin.default },
  };
});
