import { ConcertCard } from "@/components/concerts/concert-card";
import { PageTitle } from "@/components/ui/card";
import { listConcerts } from "@/lib/catalogue/list-concerts";

export default async function HomePage() {
  const { concerts } = await listConcerts(new Date());
  return (
    <>
      <PageTitle lead="Pick a concert, join the waiting room, choose your seat and pay from your wallet.">
        Upcoming concerts
      </PageTitle>
      {concerts.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          No concerts are on sale right now. Check back soon.
        </p>
      ) : (
        <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          {concerts.map((concert, i) => (
            <ConcertCard key={concert.concertId} concert={concert} index={i} />
          ))}
        </ul>
      )}
    </>
  );
}
