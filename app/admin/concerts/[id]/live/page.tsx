import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { ConcertLive } from "@/components/admin-console/live-dashboard";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { getAdminConcert } from "@/lib/admin/get-admin-concert";
import { getRoomStats } from "@/lib/admin/get-room-stats";
import { adminKeys } from "@/lib/admin-console/admin-keys";
import { concertIdOf } from "@/lib/admin-console/page-params";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { AppError } from "@/lib/http/app-error";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("live") };
}

export const dynamic = "force-dynamic";

export default async function ConcertLivePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await requireAdminPage(`/admin/concerts/${id}/live`);
  if (access === "forbidden") return <AdminOnly />;
  const concertId = concertIdOf(id);
  const now = new Date();
  const concert = await getAdminConcert(concertId, now).catch((error: unknown) => {
    if (error instanceof AppError && error.kind === "concert_not_found") notFound();
    throw error;
  });
  const state = await prefetchedState([
    [adminKeys.concert(concertId), async () => concert],
    [adminKeys.stats(concertId), () => getRoomStats({ concertId, now })],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <ConcertLive concertId={concertId} />
    </PrefetchedBoundary>
  );
}
