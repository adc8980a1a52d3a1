import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { ConcertCardData } from "@/lib/catalogue/catalogue-schemas";
import { DateTime } from "@/components/ui/date-time";
import { formatWon } from "@/lib/client/format";
import { Poster } from "./poster";
import { SaleBadge } from "./sale-badge";

/** A concert on the home page: the whole card is one link (its heading names it). */
export function ConcertCard({ concert, priority }: { concert: ConcertCardData; priority: boolean }) {
  const t = useTranslations("home");
  const locale = useLocale();
  const prices =
    concert.minPrice === null || concert.maxPrice === null
      ? null
      : concert.minPrice === concert.maxPrice
        ? formatWon(concert.minPrice, locale)
        : `${formatWon(concert.minPrice, locale)} ~ ${formatWon(concert.maxPrice, locale)}`;
  return (
    <li className="group relative flex overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm transition-shadow hover:shadow-md sm:flex-col">
      <Poster
        src={concert.posterPath}
        alt=""
        priority={priority}
        sizes="(min-width: 1024px) 20rem, (min-width: 640px) 50vw, 8rem"
        className="aspect-[3/4] w-28 shrink-0 sm:w-full"
      />
      <div className="flex min-w-0 flex-1 flex-col gap-1.5 p-4">
        <div>
          <SaleBadge state={concert.saleState} opensAt={concert.opensAt} />
        </div>
        <h2 className="text-lg font-bold text-slate-900">
          <Link
            href={`/concerts/${concert.concertId}`}
            className="after:absolute after:inset-0 focus-visible:outline-none"
          >
            {concert.name}
          </Link>
        </h2>
        <p className="text-sm text-slate-600">
          {concert.artist} · {concert.venue}
        </p>
        <p className="text-sm text-slate-800">
          {concert.nextConcertAt ? (
            <DateTime iso={concert.nextConcertAt} />
          ) : (
            <span className="text-slate-600">{t("noDates")}</span>
          )}
        </p>
        {prices && (
          <p className="text-sm font-semibold text-slate-900" data-testid="price-range">
            <span className="sr-only">{t("prices")} </span>
            {prices}
          </p>
        )}
      </div>
    </li>
  );
}
