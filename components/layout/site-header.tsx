"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { signOut } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBalance } from "@/lib/client/hooks";
import { formatWon } from "@/lib/client/format";
import { useFan } from "@/lib/client/session";
import { LanguageSwitch } from "./language-switch";

const links = [
  { href: "/", key: "concerts" },
  { href: "/tickets", key: "tickets" },
  { href: "/wallet", key: "wallet" },
  { href: "/account", key: "account" },
] as const;

export function SiteHeader() {
  const t = useTranslations("nav");
  const locale = useLocale();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const search = useSearchParams().toString();
  const { status, fan } = useFan();
  const balance = useBalance(fan?.id);
  const [signingOut, setSigningOut] = useState(false);
  const here = search ? `${pathname}?${search}` : pathname;
  const signInHref = pathname.startsWith("/sign-") ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(here)}`;

  async function signOutHere() {
    setSigningOut(true);
    // No redirect by next-auth: it would send the fan to NEXTAUTH_URL's host (localhost) even when they came
    // through 127.0.0.1 or another name. Stay on this host and go home.
    await signOut({ redirect: false });
    queryClient.clear();
    // A full load of the home page on this host, on purpose: nothing of the signed-in fan stays in memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load is the point
    window.location.assign("/");
  }

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:gap-x-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-extrabold tracking-tight text-brand-700">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">
            ♪
          </span>
          {t("brand")}
        </Link>

        <div className="ml-auto flex flex-wrap items-center justify-end gap-2 sm:order-3">
          <LanguageSwitch />
          {status === "loading" ? (
            <span className="h-9 w-24 animate-pulse rounded-lg bg-slate-100" aria-hidden />
          ) : fan ? (
            <>
              <Link
                href="/wallet"
                className="whitespace-nowrap rounded-full bg-emerald-50 px-3 py-1 text-sm font-semibold text-emerald-900 ring-1 ring-emerald-200 hover:bg-emerald-100"
                aria-label={
                  balance.data
                    ? t("walletBalance", { amount: formatWon(balance.data.currentAmount, locale) })
                    : balance.isError
                      ? t("walletUnavailable")
                      : t("walletLoading")
                }
              >
                {balance.data ? formatWon(balance.data.currentAmount, locale) : balance.isError ? t("wallet") : "₩ …"}
              </Link>
              <span className="hidden max-w-40 truncate text-sm text-slate-600 md:inline" title={fan.email}>
                {fan.name}
              </span>
              <button
                type="button"
                onClick={() => void signOutHere()}
                disabled={signingOut}
                className="whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
              >
                {t("signOut")}
              </button>
            </>
          ) : (
            <>
              <Link
                href={signInHref}
                className="whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-semibold text-brand-700 hover:bg-brand-50"
              >
                {t("signIn")}
              </Link>
              <Link
                href={pathname.startsWith("/sign-") ? "/sign-up" : `/sign-up?callbackUrl=${encodeURIComponent(here)}`}
                className="whitespace-nowrap rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
              >
                {t("signUp")}
              </Link>
            </>
          )}
        </div>

        <nav aria-label={t("main")} className="-mx-1 w-full overflow-x-auto sm:order-2 sm:mx-0 sm:w-auto">
          <ul className="flex gap-1">
            {links.map((link) => {
              const current = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={current ? "page" : undefined}
                    className={`block whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-medium ${
                      current ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"
                    }`}
                  >
                    {t(link.key)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
    </header>
  );
}
