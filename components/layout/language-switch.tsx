"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type AppLocale } from "@/lib/i18n/locales";

/**
 * Korean <-> English. The choice is a cookie the server reads on every render, so it persists; switching
 * re-renders the same page in place (router.refresh), which keeps the session, the query cache and with it
 * the fan's place in line.
 */
export function LanguageSwitch() {
  const locale = useLocale();
  const t = useTranslations("layout");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next: AppLocale = locale === "ko" ? "en" : "ko";
  return (
    <button
      type="button"
      lang={next}
      aria-busy={pending || undefined}
      onClick={() => {
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax`;
        startTransition(() => router.refresh());
      }}
      className="inline-flex min-h-9 items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.6">
        <circle cx="10" cy="10" r="7.5" />
        <path d="M2.5 10h15M10 2.5c2.2 2.3 3.2 4.8 3.2 7.5s-1 5.2-3.2 7.5c-2.2-2.3-3.2-4.8-3.2-7.5s1-5.2 3.2-7.5z" />
      </svg>
      {t("switchTo")}
    </button>
  );
}
