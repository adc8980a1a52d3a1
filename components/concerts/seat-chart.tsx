import { useTranslations } from "next-intl";
import type { SeatGrade } from "@/lib/catalogue/catalogue-schemas";
import { tierStyle } from "@/components/booking/seat-tiers";

const PER_ROW = 10;

/**
 * The venue's seat chart before the queue: where each grade sits relative to the stage. A picture for sighted
 * fans (hidden from screen readers) and a sentence per grade with its seat numbers for everyone.
 */
export function SeatChart({ chart, grades }: { chart: { seatNumber: number; grade: string }[]; grades: SeatGrade[] }) {
  const t = useTranslations("concert");
  const index = new Map(grades.map((g, i) => [g.name, i]));
  const ranges = grades.map((g) => {
    const numbers = chart.filter((s) => s.grade === g.name).map((s) => s.seatNumber);
    return { grade: g.name, from: Math.min(...numbers), to: Math.max(...numbers) };
  });
  return (
    <figure>
      <div aria-hidden className="mx-auto max-w-sm">
        <div className="mx-auto mb-3 w-3/4 rounded-b-2xl bg-slate-800 py-1 text-center text-[10px] font-semibold tracking-[0.3em] text-white">
          STAGE
        </div>
        <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${PER_ROW}, minmax(0, 1fr))` }}>
          {chart.map((seat) => (
            <span
              key={seat.seatNumber}
              className={`aspect-square rounded-sm border ${tierStyle(index.get(seat.grade) ?? 0).swatch}`}
            />
          ))}
        </div>
      </div>
      <figcaption className="mt-3">
        <ul className="flex flex-wrap justify-center gap-x-4 gap-y-1 text-sm">
          {ranges.map((r) => (
            <li key={r.grade} className="flex items-center gap-1.5">
              <span
                aria-hidden
                className={`size-3.5 rounded-sm border-2 ${tierStyle(index.get(r.grade) ?? 0).swatch}`}
              />
              {t("chartRange", { grade: r.grade, from: r.from, to: r.to })}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
