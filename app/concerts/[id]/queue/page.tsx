import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { WaitingRoom } from "@/components/queue/waiting-room";
import { requireFanPage } from "@/lib/auth/server-session";
import { findConcert } from "@/lib/catalogue/find-concert";
import { queryKeys } from "@/lib/client/query-keys";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { prefetchedState } from "@/lib/pages/prefetch";
import { readPlaceInLine } from "@/lib/pages/place-in-line";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("queue"))("eyebrow") };
}

export default async function QueuePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const userId = await requireFanPage(`/concerts/${id}/queue`);
  const concert = await findConcert(id);
  if (!concert) notFound();
  // The fan's place and its status are in the first paint; the browser then polls as Retry-After says.
  const place = await readPlaceInLine(userId, concert.concertId, new Date(), { withStatus: true });
  if (place.status?.status.status === "ACTIVE") redirect(`/concerts/${concert.concertId}/seats`);
  const state = await prefetchedState([
    [queryKeys.queueToken(userId, concert.concertId), async () => place.token],
    ...(place.token && place.status
      ? [[queryKeys.queueStatus(place.token.token), async () => place.status] as const]
      : []),
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <WaitingRoom concertId={concert.concertId} concertName={concert.name} userId={userId} />
    </PrefetchedBoundary>
  );
}
