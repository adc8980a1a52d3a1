"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { formatWon } from "@/lib/client/format";
import { tierStyle, tiersOf, type Tier } from "./seat-tiers";

export type SeatView = {
  seatId: number;
  seatNumber: number;
  price: number;
  /** "mine" = held by or sold to this fan; "taken" = held or sold by someone else. */
  state: "available" | "taken" | "mine";
};

const PER_ROW = 10;

/**
 * The 50-seat map: a grid of buttons with one tab stop (arrow keys move, Enter/Space choose). A seat's state
 * shows by colour, hatching, strike-through and its accessible name, never by colour alone.
 */
export function SeatMap({
  seats,
  busySeatId,
  disabled,
  onChoose,
}: {
  seats: SeatView[];
  busySeatId?: number;
  disabled?: boolean;
  onChoose: (seat: SeatView) => void;
}) {
  const tiers = tiersOf(seats.map((s) => s.price));
  const tierByPrice = new Map(tiers.map((t) => [t.price, t]));
  const firstAvailable = Math.max(
    0,
    seats.findIndex((s) => s.state === "available"),
  );
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const current = focusIndex !== null && focusIndex < seats.length ? focusIndex : firstAvailable;
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
      <div
        className="mx-auto mb-4 w-3/4 rounded-b-3xl bg-slate-800 py-1.5 text-center text-xs font-semibold tracking-[0.3em] text-white"
        aria-hidden
      >
        STAGE
      </div>
      <p id="seat-map-help" className="sr-only">
        Use the arrow keys to move between seats, and Enter or Space to choose one.
      </p>
      <div
        role="group"
        aria-label="Seat map"
        aria-describedby="seat-map-help"
        onKeyDown={move}
        className="grid grid-cols-10 gap-1 sm:gap-2"
      >
        {seats.map((seat, i) => {
          const tier = tierByPrice.get(seat.price)!;
          const label = `Seat ${seat.seatNumber}, ${tier.name}, ${formatWon(seat.price)}, ${
            seat.state === "available" ? "available" : seat.state === "mine" ? "yours" : "taken"
          }`;
          const busy = busySeatId === seat.seatId;
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
              aria-disabled={unavailable || undefined}
              aria-busy={busy || undefined}
              title={label}
              onFocus={() => setFocusIndex(i)}
              onClick={() => {
                if (!unavailable && !busy) onChoose(seat);
              }}
              className={`relative grid aspect-square min-h-6 w-full place-items-center rounded-md border-2 text-[11px] font-semibold sm:text-sm ${seatClass(seat, tier)} ${
                busy ? "animate-pulse" : ""
              }`}
            >
              <span aria-hidden className={seat.state === "taken" ? "line-through" : undefined}>
                {seat.state === "mine" ? "✓" : seat.seatNumber}
              </span>
            </button>
          );
        })}
      </div>
      <Legend tiers={tiers} />
    </div>
  );
}

function seatClass(seat: SeatView, tier: Tier): string {
  if (seat.state === "taken") return "seat-taken cursor-not-allowed border-slate-300 bg-slate-100 text-slate-600";
  if (seat.state === "mine") return "cursor-default border-brand-800 bg-brand-600 text-white";
  return `cursor-pointer ${tierStyle(tier.index).seat}`;
}

function Legend({ tiers }: { tiers: Tier[] }) {
  return (
    <div className="mt-5 flex flex-col gap-3 text-sm sm:flex-row sm:justify-between">
      <div>
        <h3 className="font-semibold text-slate-800">Prices</h3>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {tiers.map((tier) => (
            <li key={tier.price} className="flex items-center gap-2">
              <span aria-hidden className={`size-4 rounded border-2 ${tierStyle(tier.index).swatch}`} />
              <span>
                <strong>{tier.name}</strong> {formatWon(tier.price)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 className="font-semibold text-slate-800">Seats</h3>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="grid size-5 place-items-center rounded border-2 border-slate-500 bg-white text-[10px] font-bold"
            >
              7
            </span>
            Available
          </li>
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="seat-taken grid size-5 place-items-center rounded border-2 border-slate-300 bg-slate-100 text-[10px] text-slate-600 line-through"
            >
              7
            </span>
            Taken (held or sold)
          </li>
          <li className="flex items-center gap-2">
            <span
              aria-hidden
              className="grid size-5 place-items-center rounded border-2 border-brand-800 bg-brand-600 text-[10px] text-white"
            >
              ✓
            </span>
            Yours
          </li>
        </ul>
      </div>
    </div>
  );
}
