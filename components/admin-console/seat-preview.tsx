"use client";

import { useLocale, useTranslations } from "next-intl";
import { tierStyle, tiersOf } from "@/components/booking/seat-tiers";
import { layoutSeats } from "@/lib/admin-console/concert-draft";
import { formatWon } from "@/lib/client/format";

const PER_ROW = 10;
/** Drawn seats; a bigger layout says how many more there are (a 2,000-seat grid helps nobody in a form). */
const SHOWN = 300;

/**
 * The seat map as the fan will see it: seats numbered through the sections in order, ten to a row, in the grade
 * colours of the fan's map (components/booking/seat-tiers.ts, dearest grade first). Updates as the form is typed.
 */
export function SeatPreview({ sections }: { sections: { name: string; price: number; seats: number }[] }) {
  const t = useTranslations("admin.preview");
  const locale = useLocale();
  const valid = sections.filter((s) => s.name && s.price >= 1 && s.seats >= 1 && s.seats <= 2_000);
  const names = new Map<number, string>();
  for (const s of valid) if (!names.has(s.price)) names.set(s.price, s.name);
  const tiers = tiersOf(
    valid.map((s) => s.price),
    names,
  );
  const tierOf = new Map(tiers.map((tier) => [tier.price, tier]));
  const { seats, total } = layoutSeats(valid, SHOWN);

  return (
    <figure className="min-w-0 rounded-lg border border-slate-200 bg-slate-50 p-3" data-testid="seat-preview">
      <figcaption className="text-sm font-semibold text-slate-800">
        {t("title")} <span className="font-normal text-slate-600">· {t("lead")}</span>
      </figcaption>
      {total === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <>
          <div className="mt-3 overflow-x-auto">
            <div className="mx-auto w-max">
              <div
                aria-hidden
                className="mx-auto mb-3 w-3/4 rounded-b-2xl bg-slate-800 py-1 text-center text-[10px] font-semibold tracking-[0.3em] text-white"
              >
                {t("stage")}
              </div>
              <div
                aria-hidden
                className="grid gap-1"
                style={{ gridTemplateColumns: `repeat(${Math.min(PER_ROW, seats.length)}, auto)` }}
              >
                {seats.map((seat) => (
                  <span
                    key={seat.number}
                    title={t("seatLabel", { section: seat.section, number: seat.number })}
                    className={`grid size-6 place-items-center rounded border-2 text-[10px] font-semibold sm:size-7 ${
                      tierStyle(tierOf.get(seat.price)?.index ?? 0).seat
                    }`}
                  >
                    {seat.number}
                  </span>
                ))}
              </div>
            </div>
          </div>
          {total > seats.length && (
            <p className="mt-2 text-center text-xs text-slate-600">{t("more", { count: total - seats.length })}</p>
          )}
          <ul aria-label={t("legend")} className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {valid.map((s) => (
              <li key={s.name} className="flex items-center gap-2" data-testid="preview-tier">
                <span
                  aria-hidden
                  className={`size-4 rounded border-2 ${tierStyle(tierOf.get(s.price)?.index ?? 0).swatch}`}
                />
                <span>
                  <strong>{s.name}</strong> {formatWon(s.price, locale)} · {s.seats}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}
