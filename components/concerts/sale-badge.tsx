import { useLocale, useTranslations } from "next-intl";
import type { ConcertCardData } from "@/lib/catalogue/catalogue-schemas";
import { formatDate, formatTime } from "@/lib/client/format";

const STYLE: Record<ConcertCardData["saleState"], string> = {
  ON_SALE: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  UPCOMING: "bg-amber-50 text-amber-950 ring-amber-300",
  SOLD_OUT: "bg-slate-100 text-slate-700 ring-slate-300",
  CLOSED: "bg-slate-100 text-slate-700 ring-slate-300",
};

/** Where the sale stands, in words (never colour alone). */
export function SaleBadge({ state, opensAt }: { state: ConcertCardData["saleState"]; opensAt: string | null }) {
  const t = useTranslations("sale");
  const locale = useLocale();
  return (
    <span
      className={`inline-flex flex-wrap items-center gap-x-1 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${STYLE[state]}`}
    >
      {t(state)}
      {state === "UPCOMING" && opensAt && (
        <span className="whitespace-nowrap font-medium">
          · {formatDate(opensAt, locale)} {formatTime(opensAt, locale)}
        </span>
      )}
    </span>
  );
}
