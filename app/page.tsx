import { getTranslations } from "next-intl/server";
import { ConcertCard } from "@/components/concerts/concert-card";
import { PageTitle } from "@/components/ui/card";
import { listConcertCards } from "@/lib/catalogue/concert-pages";

export default async function HomePage() {
  const [concerts, t] = await Promise.all([listConcertCards(new Date()), getTranslations("home")]);
  return (
    <>
      <PageTitle lead={t("lead")}>{t("title")}</PageTitle>
      {concerts.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("empty")}
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 sm:gap-5 lg:grid-cols-3" data-testid="concert-list">
          {concerts.map((concert, i) => (
            <ConcertCard key={concert.concertId} concert={concert} priority={i < 3} />
          ))}
        </ul>
      )}
    </>
  );
}
