import Link from "next/link";
import type { ConcertSummary } from "@/lib/catalogue/catalogue-schemas";
import { LocalTime } from "@/components/ui/local-time";

const gradients = [
  "from-fuchsia-500 to-indigo-600",
  "from-sky-500 to-violet-600",
  "from-amber-400 to-rose-600",
  "from-emerald-400 to-cyan-600",
];

/** A concert on the home page: the whole card is one link (its heading names it). */
export function ConcertCard({ concert, index }: { concert: ConcertSummary; index: number }) {
  const next = concert.nextSchedule;
  return (
    <li className="group relative flex flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm transition-shadow hover:shadow-md">
      <div className={`flex h-28 items-end bg-gradient-to-br p-4 ${gradients[index % gradients.length]}`}>
        <span className="rounded-full bg-white/90 px-2.5 py-0.5 text-xs font-semibold text-slate-900">
          {concert.artist}
        </span>
      </div>
      <div className="flex flex-1 flex-col gap-2 p-4">
        <h2 className="text-lg font-bold text-slate-900">
          <Link
            href={`/concerts/${concert.concertId}`}
            className="after:absolute after:inset-0 focus-visible:outline-none"
          >
            {concert.name}
          </Link>
        </h2>
        <p className="text-sm text-slate-600">{concert.venue}</p>
        <p className="text-sm text-slate-800">
          {next ? (
            <>
              <span className="font-medium">Next show: </span>
              <LocalTime iso={next.concertAt} />
            </>
          ) : (
            "No upcoming dates"
          )}
        </p>
        <span className="mt-auto pt-2 text-sm font-semibold text-brand-700 group-hover:underline" aria-hidden>
          Dates & tickets →
        </span>
      </div>
    </li>
  );
}
