import { useTranslations } from "next-intl";
import type { RoomStats } from "@/lib/admin/admin-schemas";

type SaleState = RoomStats["saleState"];

const STYLE: Record<SaleState, string> = {
  ON_SALE: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  PREQUEUE: "bg-sky-50 text-sky-950 ring-sky-300",
  UPCOMING: "bg-amber-50 text-amber-950 ring-amber-300",
  PAUSED: "bg-orange-50 text-orange-950 ring-orange-300",
  SOLD_OUT: "bg-slate-100 text-slate-700 ring-slate-300",
  CLOSED: "bg-slate-100 text-slate-700 ring-slate-300",
};

/** A sale state in words (never colour alone). */
export function SaleStateBadge({ state }: { state: SaleState }) {
  const t = useTranslations("admin.states");
  return (
    <span
      data-testid="sale-state"
      className={`inline-flex whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${STYLE[state]}`}
    >
      {t(state)}
    </span>
  );
}
