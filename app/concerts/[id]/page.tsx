import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "next/link";
import { GetTicketsButton } from "@/components/concerts/get-tickets-button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { bookingHasOpened, findConcert } from "@/lib/catalogue/find-concert";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const concert = await findConcert((await params).id);
  return { title: concert?.name ?? "Concert not found" };
}

export default async function ConcertPage({ params }: { params: Promise<{ id: string }> }) {
  const concert = await findConcert((await params).id);
  if (!concert) notFound();
  const next = concert.nextSchedule;
  return (
    // On a phone the tickets card comes right after the title; on a wide screen it sits beside the text.
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="lg:col-start-1">
        <nav aria-label="Breadcrumb" className="mb-4 text-sm">
          <Link href="/" className="text-brand-700 hover:underline">
            ← All concerts
          </Link>
        </nav>
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{concert.artist}</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight">{concert.name}</h1>
        <p className="mt-2 text-slate-700">{concert.venue}</p>
        {concert.description && <p className="mt-4 max-w-prose text-slate-700">{concert.description}</p>}
      </div>
      <Card className="h-fit lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <h2 className="text-lg font-semibold">Tickets</h2>
        {next ? (
          <dl className="mt-3 space-y-2 text-sm">
            <div>
              <dt className="text-slate-600">Next show</dt>
              <dd className="font-medium">
                <LocalTime iso={next.concertAt} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">
                {bookingHasOpened(next.reservationAt) ? "On sale since" : "Booking opens"}
              </dt>
              <dd className="font-medium">
                <LocalTime iso={next.reservationAt} />
              </dd>
            </div>
          </dl>
        ) : (
          <p className="mt-3 text-sm text-slate-600">There are no upcoming dates for this concert.</p>
        )}
        {next && (
          <div className="mt-5">
            <GetTicketsButton concertId={concert.concertId} />
          </div>
        )}
      </Card>
      <Card className="h-fit lg:col-start-1">
        <h2 className="font-semibold">How buying works</h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>Join the waiting room. Your place is kept while this tab stays open.</li>
          <li>When it is your turn, pick a date and a seat. The seat is held for you for a few minutes.</li>
          <li>Pay from your wallet before the hold runs out.</li>
        </ol>
      </Card>
    </div>
  );
}
