import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Checkout } from "@/components/booking/checkout";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { requireFanPage } from "@/lib/auth/server-session";
import { listMyReservations } from "@/lib/booking/list-my-reservations";
import { queryKeys } from "@/lib/client/query-keys";
import { readPlaceInLine } from "@/lib/pages/place-in-line";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("checkout"))("eyebrow") };
}

export default async function CheckoutPage({ params }: { params: Promise<{ reservationId: string }> }) {
  const { reservationId } = await params;
  if (!/^[1-9][0-9]{0,9}$/.test(reservationId)) notFound();
  const userId = await requireFanPage(`/checkout/${reservationId}`);
  const now = new Date();
  const { reservations } = await listMyReservations(userId, now);
  const pending = reservations.find((r) => r.reservationId === Number(reservationId) && r.status === "PAYMENT_PENDING");
  // Paying needs the place in line; only a payable reservation reads it.
  const state = await prefetchedState([
    [queryKeys.reservations(), async () => reservations],
    ...(pending
      ? [
          [
            queryKeys.queueToken(userId, pending.concertId),
            async () => (await readPlaceInLine(userId, pending.concertId, now)).token,
          ] as const,
        ]
      : []),
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <Checkout reservationId={Number(reservationId)} userId={userId} />
    </PrefetchedBoundary>
  );
}
