"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { signOut } from "next-auth/react";
import { useBalance } from "@/lib/client/hooks";
import { formatWon } from "@/lib/client/format";
import { useFan } from "@/lib/client/session";

const links = [
  { href: "/", label: "Concerts" },
  { href: "/tickets", label: "My tickets" },
  { href: "/wallet", label: "Wallet" },
  { href: "/account", label: "Account" },
];

export function SiteHeader() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const { status, fan } = useFan();
  const balance = useBalance(fan?.id);
  const here = search ? `${pathname}?${search}` : pathname;
  const signInHref = pathname.startsWith("/sign-") ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(here)}`;

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:gap-x-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-extrabold tracking-tight text-brand-700">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">
            ♪
          </span>
          Ticketing
        </Link>

        <div className="ml-auto flex items-center gap-2 sm:order-3 sm:gap-3">
          {status === "loading" ? (
            <span className="h-9 w-24 animate-pulse rounded-lg bg-slate-100" aria-hidden />
          ) : fan ? (
            <>
              <Link
                href="/wallet"
                className="rounded-full bg-emerald-50 px-3 py-1 text-sm font-semibold text-emerald-900 ring-1 ring-emerald-200 hover:bg-emerald-100"
                aria-label={
                  balance.data
                    ? `Wallet balance ${formatWon(balance.data.currentAmount)}`
                    : balance.isError
                      ? "Wallet balance unavailable"
                      : "Wallet balance loading"
                }
              >
                {balance.data ? formatWon(balance.data.currentAmount) : balance.isError ? "Wallet" : "₩ …"}
              </Link>
              <span className="hidden max-w-40 truncate text-sm text-slate-600 md:inline" title={fan.email}>
                {fan.name}
              </span>
              <button
                type="button"
                onClick={() => void signOut({ callbackUrl: "/" })}
                className="rounded-lg px-3 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
              >
                Sign out
              </button>
            </>
          ) : (
            <>
              <Link
                href={signInHref}
                className="rounded-lg px-3 py-1.5 text-sm font-semibold text-brand-700 hover:bg-brand-50"
              >
                Sign in
              </Link>
              <Link
                href={pathname.startsWith("/sign-") ? "/sign-up" : `/sign-up?callbackUrl=${encodeURIComponent(here)}`}
                className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
              >
                Sign up
              </Link>
            </>
          )}
        </div>

        <nav aria-label="Main" className="-mx-1 w-full overflow-x-auto sm:order-2 sm:mx-0 sm:w-auto">
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
                    {link.label}
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
