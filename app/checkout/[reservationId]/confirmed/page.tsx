import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Confirmation } from "@/components/booking/confirmation";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { requireFanPage } from "@/lib/auth/server-session";
import { listMyReservations } from "@/lib/booking/list-my-reservations";
import { queryKeys } from "@/lib/client/query-keys";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("confirmation"))("metaTitle") };
}

export default async function ConfirmationPage({ params }: { params: Promise<{ reservationId: string }> }) {
  const { reservationId } = await params;
  if (!/^[1-9][0-9]{0,9}$/.test(reservationId)) notFound();
  const userId = await requireFanPage(`/checkout/${reservationId}/confirmed`);
  const state = await prefetchedState([
    [queryKeys.reservations(), async () => (await listMyReservations(userId, new Date())).reservations],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <Confirmation reservationId={Number(reservationId)} />
    </PrefetchedBoundary>
  );
}
