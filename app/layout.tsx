import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
// Korean web font from npm (no download at build time): Pretendard's dynamic subsets, so a page fetches only
// the few slices of Hangul it uses (unicode-range), with font-display: swap.
import "pretendard/dist/web/variable/pretendardvariable-dynamic-subset.css";
import { Providers } from "@/components/layout/providers";
import { SiteHeader } from "@/components/layout/site-header";
import { getFanSession, userIdFromSession } from "@/lib/auth/server-session";
import { prefetchedState } from "@/lib/pages/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { getBalance } from "@/lib/wallet/get-balance";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return {
    title: { default: t("siteName"), template: `%s · ${t("siteName")}` },
    description: t("description"),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the session here makes every page render per request, signed-in from the first byte.
  const [session, locale, t] = await Promise.all([getFanSession(), getLocale(), getTranslations("layout")]);
  const userId = userIdFromSession(session);
  // The header's wallet balance is in the first paint too.
  const state = await prefetchedState(
    userId === null ? [] : [[queryKeys.balance(userId), () => getBalance(userId).catch(() => undefined)]],
  );
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        <NextIntlClientProvider>
          <Providers session={session} state={state}>
            <a
              href="#main"
              className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
            >
              {t("skip")}
            </a>
            <SiteHeader />
            <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-10">
              {children}
            </main>
            <footer className="mx-auto max-w-5xl px-4 pb-10 text-sm text-slate-600">
              {t("footer")}{" "}
              <a href="/docs" className="underline hover:text-slate-800">
                {t("apiDocs")}
              </a>
            </footer>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
