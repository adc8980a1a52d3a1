"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent } from "react";
import { formatWon } from "@/lib/client/format";
import { tierStyle, tiersOf, type Tier } from "./seat-tiers";

export type SeatView = {
  seatId: number;
  seatNumber: number;
  price: number;
  /** "mine" = held by or sold to this fan; "held" = someone's unpaid hold (may free up); "sold" = paid for. */
  state: "available" | "held" | "sold" | "mine";
};

const PER_ROW = 10;

/**
 * The seat map: a grid of 44 px buttons (a finger's width; on a phone the map pans sideways and the page can be
 * pinch-zoomed) with one tab stop (arrow keys move, Enter/Space select). Choosing is two steps: a tap selects a
 * seat (several, up to the fan's limit), and only the hold button holds them, so a stray tap while panning never takes a seat. A seat's
 * state shows by colour, pattern, border and its accessible name, never by colour alone.
 */
export function SeatMap({
  seats,
  selectedSeatIds,
  gradeNames,
  disabled,
  onSelect,
}: {
  seats: SeatView[];
  selectedSeatIds: ReadonlySet<number>;
  gradeNames?: ReadonlyMap<number, string>;
  disabled?: boolean;
  onSelect: (seat: SeatView) => void;
}) {
  const t = useTranslations("seats");
  const locale = useLocale();
  const tiers = tiersOf(
    seats.map((s) => s.price),
    gradeNames,
  );
  const tierByPrice = new Map(tiers.map((tier) => [tier.price, tier]));
  const selectedIndex = seats.findIndex((s) => selectedSeatIds.has(s.seatId));
  const firstAvailable = Math.max(
    0,
    seats.findIndex((s) => s.state === "available"),
  );
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const current =
    focusIndex !== null && focusIndex < seats.length ? focusIndex : selectedIndex >= 0 ? selectedIndex : firstAvailable;
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function move(event: KeyboardEvent<HTMLDivElement>) {
    const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: PER_ROW, ArrowUp: -PER_ROW };
    let next: number | undefined;
    const step = steps[event.key];
    if (step !== undefined) next = current + step;
    else if (event.key === "Home") next = event.ctrlKey ? 0 : current - (current % PER_ROW);
    else if (event.key === "End")
      next = event.ctrlKey ? seats.length - 1 : Math.min(seats.length - 1, current - (current % PER_ROW) + PER_ROW - 1);
    if (next === undefined) return;
    event.preventDefault();
    next = Math.min(seats.length - 1, Math.max(0, next));
    setFocusIndex(next);
    buttons.current[next]?.focus();
  }

  return (
    <div>
      <p id="seat-map-help" className="sr-only">
        {t("mapHelp")}
      </p>
      <div className="-mx-2 overflow-x-auto px-2 pb-2" data-testid="seat-map-scroller">
        <div className="mx-auto w-max">
          <div
            className="mx-auto mb-4 w-3/4 rounded-b-3xl bg-slate-800 py-1.5 text-center text-xs font-semibold tracking-[0.3em] text-white"
            aria-hidden
          >
            STAGE
          </div>
          <div
            role="group"
            aria-label={t("mapLabel")}
            aria-describedby="seat-map-help"
            onKeyDown={move}
            className="grid gap-1.5 sm:gap-2"
            style={{ gridTemplateColumns: `repeat(${PER_ROW}, 2.75rem)` }}
          >
            {seats.map((seat, i) => {
              const tier = tierByPrice.get(seat.price)!;
              const label = t("seatLabel", {
                number: seat.seatNumber,
                grade: tier.name,
                price: formatWon(seat.price, locale),
                state: seat.state,
              });
              const selected = selectedSeatIds.has(seat.seatId);
              const unavailable = seat.state !== "available" || disabled;
              return (
                <button
                  key={seat.seatId}
                  ref={(el) => {
                    buttons.current[i] = el;
                  }}
                  type="button"
                  tabIndex={i === current ? 0 : -1}
                  aria-label={label}
                  aria-pressed={seat.state === "available" ? selected : undefined}
                  aria-disabled={unavailable || undefined}
                  title={label}
                  onFocus={() => setFocusIndex(i)}
                  onClick={() => {
                    if (!unavailable) onSelect(seat);
                  }}
                  className={`relative grid size-11 place-items-center rounded-md border-2 text-sm font-semibold ${seatClass(seat, tier)} ${
                    selected ? "ring-4 ring-brand-600 ring-offset-1" : ""
                  }`}
                >
                  <span aria-hidden className={seat.state === "sold" ? "line-through" : undefined}>
                    {seat.state === "mine" ? "✓" : seat.seatNumber}
                  </span>
                </button>
              );
            })}
          </div>
        </div>
      </div>
      <Legend tiers={tiers} />
    </div>
  );
}

function seatClass(seat: SeatView, tier: Tier): string {
  if (seat.state === "sold") return "seat-sold cursor-not-allowed border-slate-400 bg-slate-200 text-slate-600";
  if (seat.state === "held") return "cursor-not-allowed border-dashed border-amber-600 bg-amber-50 text-amber-900";
  if (seat.state === "mine") return "cursor-default border-brand-800 bg-brand-600 text-white";
  return `cursor-pointer ${tierStyle(tier.index).seat}`;
}

function Legend({ tiers }: { tiers: Tier[] }) {
  const t = useTranslations("seats");
  const locale = useLocale();
  return (
    <div className="mt-5 flex flex-col gap-3 text-sm sm:flex-row sm:justify-between">
      <div>
        <h3 className="font-semibold text-slate-800">{t("pricesTitle")}</h3>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {tiers.map((tier) => (
            <li key={tier.price} className="flex items-center gap-2">
              <span aria-hidden className={`size-4 rounded border-2 ${tierStyle(tier.index).swatch}`} />
              <span>
                <strong>{t("grade", { grade: tier.name })}</strong> {formatWon(tier.price, locale)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 className="font-semibold text-slate-800">{t("statesTitle")}</h3>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="grid size-5 place-items-center rounded border-2 border-slate-500 bg-white text-[10px] font-bold"
            >
              7
            </span>
            {t("legendAvailable")}
          </li>
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="grid size-5 place-items-center rounded border-2 border-dashed border-amber-600 bg-amber-50 text-[10px] text-amber-900"
            >
              7
            </span>
            {t("legendHeld")}
          </li>
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="seat-sold grid size-5 place-items-center rounded border-2 border-slate-400 bg-slate-200 text-[10px] text-slate-600 line-through"
            >
              7
            </span>
            {t("legendSold")}
          </li>
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="grid size-5 place-items-center rounded border-2 border-brand-800 bg-brand-600 text-[10px] text-white"
            >
              ✓
            </span>
            {t("legendMine")}
          </li>
        </ul>
      </div>
    </div>
  );
}
