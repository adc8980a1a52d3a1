import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { TicketList } from "@/components/tickets/ticket-list";
import { requireFanPage } from "@/lib/auth/server-session";
import { listMyReservations } from "@/lib/booking/list-my-reservations";
import { queryKeys } from "@/lib/client/query-keys";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tickets"))("title") };
}

export default async function TicketsPage() {
  const userId = await requireFanPage("/tickets");
  const state = await prefetchedState([
    [queryKeys.reservations(), async () => (await listMyReservations(userId, new Date())).reservations],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <TicketList userId={userId} />
    </PrefetchedBoundary>
  );
}
