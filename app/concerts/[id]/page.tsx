import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { GetTicketsButton } from "@/components/concerts/get-tickets-button";
import { Poster } from "@/components/concerts/poster";
import { SaleBadge } from "@/components/concerts/sale-badge";
import { SeatChart } from "@/components/concerts/seat-chart";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { tierStyle } from "@/components/booking/seat-tiers";
import { getConcertDetails } from "@/lib/catalogue/concert-pages";
import { formatDuration, formatWon } from "@/lib/client/format";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const concert = await getConcertDetails((await params).id);
  return { title: concert?.name ?? (await getTranslations("concert"))("notFound") };
}

export default async function ConcertPage({ params }: { params: Promise<{ id: string }> }) {
  const concert = await getConcertDetails((await params).id);
  if (!concert) notFound();
  const [t, locale] = await Promise.all([getTranslations("concert"), getLocale()]);
  const first = concert.schedules[0];
  const last = concert.schedules.at(-1);
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-6">
        <nav aria-label={t("breadcrumb")} className="text-sm">
          <Link href="/" className="text-brand-700 hover:underline">
            ← {t("allConcerts")}
          </Link>
        </nav>
        <div className="flex flex-col gap-5 sm:flex-row">
          <Poster
            src={concert.posterPath}
            alt={t("posterAlt", { name: concert.name })}
            priority
            sizes="(min-width: 640px) 12rem, 100vw"
            className="aspect-[3/4] w-40 shrink-0 rounded-xl shadow-sm sm:w-48"
          />
          <div className="min-w-0">
            <SaleBadge state={concert.saleState} opensAt={concert.opensAt} />
            <p className="mt-2 text-sm font-semibold uppercase tracking-wide text-brand-700">{concert.artist}</p>
            <h1 className="mt-1 text-3xl font-bold tracking-tight">{concert.name}</h1>
            <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="concert-facts">
              <dt className="text-slate-600">{t("period")}</dt>
              <dd className="font-medium">
                {first && last ? (
                  first.scheduleId === last.scheduleId ? (
                    <DateTime iso={first.concertAt} dateOnly />
                  ) : (
                    <>
                      <DateTime iso={first.concertAt} dateOnly /> ~ <DateTime iso={last.concertAt} dateOnly />
                    </>
                  )
                ) : (
                  t("noDates")
                )}
              </dd>
              <dt className="text-slate-600">{t("venue")}</dt>
              <dd className="font-medium">{concert.venue}</dd>
              <dt className="text-slate-600">{t("runningTime")}</dt>
              <dd className="font-medium">
                {concert.runningTimeMinutes
                  ? t("minutes", {
                      duration: formatDuration(concert.runningTimeMinutes, locale),
                      total: concert.runningTimeMinutes,
                    })
                  : t("tba")}
              </dd>
              <dt className="text-slate-600">{t("ageRating")}</dt>
              <dd className="font-medium">
                {concert.ageRating === null
                  ? t("tba")
                  : concert.ageRating === 0
                    ? t("allAges")
                    : t("minAge", { age: concert.ageRating })}
              </dd>
              <dt className="text-slate-600">{t("prices")}</dt>
              <dd className="font-medium">
                {concert.minPrice !== null && concert.maxPrice !== null
                  ? `${formatWon(concert.minPrice, locale)} ~ ${formatWon(concert.maxPrice, locale)}`
                  : t("tba")}
              </dd>
            </dl>
            {concert.description && <p className="mt-4 max-w-prose text-slate-700">{concert.description}</p>}
          </div>
        </div>

        <Card>
          <h2 className="text-lg font-semibold">{t("schedules")}</h2>
          {concert.schedules.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">{t("noDates")}</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-200" data-testid="concert-dates">
              {concert.schedules.map((s) => {
                const open = s.bookingOpen;
                return (
                  <li key={s.scheduleId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3">
                    <span className="font-medium">
                      <DateTime iso={s.concertAt} />
                    </span>
                    <span className="text-sm">
                      {!open ? (
                        <span className="text-amber-900">
                          {t("opensAt")} <DateTime iso={s.reservationAt} />
                        </span>
                      ) : s.availableSeats === 0 ? (
                        <span className="font-semibold text-red-700">{t("soldOut")}</span>
                      ) : (
                        <span className="text-slate-700">
                          {t("seatsLeft", { count: s.availableSeats, total: s.seats })}
                        </span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>

        {concert.grades.length > 0 && (
          <Card>
            <h2 className="text-lg font-semibold">{t("gradesTitle")}</h2>
            <div className="mt-4 grid gap-6 md:grid-cols-[1fr_1.2fr] md:items-start">
              <table className="w-full text-sm" data-testid="seat-grades">
                <caption className="sr-only">{t("gradesTitle")}</caption>
                <thead>
                  <tr className="border-b border-slate-200 text-left text-slate-600">
                    <th scope="col" className="py-2 font-medium">
                      {t("grade")}
                    </th>
                    <th scope="col" className="py-2 text-right font-medium">
                      {t("price")}
                    </th>
                    <th scope="col" className="py-2 text-right font-medium">
                      {t("seatsPerShow")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {concert.grades.map((g, i) => (
                    <tr key={g.name} className="border-b border-slate-100">
                      <th scope="row" className="py-2 text-left font-semibold">
                        <span className="flex items-center gap-2">
                          <span aria-hidden className={`size-3.5 rounded-sm border-2 ${tierStyle(i).swatch}`} />
                          {t("gradeSeat", { grade: g.name })}
                        </span>
                      </th>
                      <td className="py-2 text-right font-medium tabular-nums">{formatWon(g.price, locale)}</td>
                      <td className="py-2 text-right tabular-nums text-slate-700">{g.seats}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div>
                <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("chartTitle")}</h3>
                <SeatChart chart={concert.chart} grades={concert.grades} />
              </div>
            </div>
          </Card>
        )}

        <Card>
          <h2 className="font-semibold">{t("howTitle")}</h2>
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
            <li>{t("how1")}</li>
            <li>{t("how2")}</li>
            <li>{t("how3")}</li>
          </ol>
        </Card>
      </div>

      <Card className="h-fit lg:sticky lg:top-4">
        <h2 className="text-lg font-semibold">{t("tickets")}</h2>
        {concert.saleState === "UPCOMING" && concert.opensAt ? (
          <p className="mt-3 text-sm">
            {t("saleOpens")}{" "}
            <strong>
              <DateTime iso={concert.opensAt} />
            </strong>
          </p>
        ) : concert.saleState === "SOLD_OUT" ? (
          <p className="mt-3 text-sm text-slate-700">{t("soldOutLong")}</p>
        ) : concert.saleState === "CLOSED" ? (
          <p className="mt-3 text-sm text-slate-700">{t("noDates")}</p>
        ) : (
          <p className="mt-3 text-sm text-slate-700">{t("onSaleLong")}</p>
        )}
        {first && (
          <p className="mt-2 text-sm text-slate-600">
            {t("nextShow")} <DateTime iso={first.concertAt} />
          </p>
        )}
        {concert.saleState !== "CLOSED" && (
          <div className="mt-5">
            <GetTicketsButton concertId={concert.concertId} />
          </div>
        )}
      </Card>
    </div>
  );
}
