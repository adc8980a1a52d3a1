"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const links = [
  { href: "/admin", key: "concerts" },
  { href: "/admin/room", key: "generalRoom" },
  { href: "/admin/audit", key: "audit" },
  { href: "/admin/roles", key: "roles" },
  { href: "/admin/check-in", key: "checkIn" },
] as const;

/** The console's own menu, under the site header (same look as the fan navigation). */
export function AdminNav() {
  const t = useTranslations("admin.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="mb-6 rounded-xl border border-slate-200 bg-white px-3 py-2 shadow-sm">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <span className="text-xs font-bold uppercase tracking-wide text-slate-600">{t("title")}</span>
        <ul className="flex flex-wrap gap-1">
          {links.map((link) => {
            const current =
              link.href === "/admin"
                ? pathname === "/admin" || pathname.startsWith("/admin/concerts")
                : pathname.startsWith(link.href);
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
      </div>
    </nav>
  );
}
