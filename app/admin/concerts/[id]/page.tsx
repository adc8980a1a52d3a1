import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { ConcertEditor } from "@/components/admin-console/concert-editor";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { getAdminConcert } from "@/lib/admin/get-admin-concert";
import { adminKeys } from "@/lib/admin-console/admin-keys";
import { concertIdOf } from "@/lib/admin-console/page-params";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { config } from "@/lib/config";
import { AppError } from "@/lib/http/app-error";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("concert") };
}

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> };

export default async function ConcertSettingsPage({ params, searchParams }: Props) {
  const { id } = await params;
  const access = await requireAdminPage(`/admin/concerts/${id}`);
  if (access === "forbidden") return <AdminOnly />;
  const concertId = concertIdOf(id);
  const now = new Date();
  const concert = await getAdminConcert(concertId, now).catch((error: unknown) => {
    if (error instanceof AppError && error.kind === "concert_not_found") notFound();
    throw error;
  });
  const state = await prefetchedState([[adminKeys.concert(concertId), async () => concert]]);
  const settings = config();
  return (
    <PrefetchedBoundary state={state}>
      <ConcertEditor
        concertId={concertId}
        now={now.toISOString()}
        created={(await searchParams).created === "1"}
        defaultCapacity={settings.QUEUE_ACTIVE_CAPACITY}
        defaultRate={settings.QUEUE_ADMIT_PER_SECOND ?? null}
      />
    </PrefetchedBoundary>
  );
}
