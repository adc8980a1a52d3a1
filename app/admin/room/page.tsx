import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { GeneralRoomLive } from "@/components/admin-console/live-dashboard";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { getRoomStats } from "@/lib/admin/get-room-stats";
import { adminKeys } from "@/lib/admin-console/admin-keys";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { prefetchedState } from "@/lib/pages/prefetch";
import { getGeneralRoom } from "@/lib/rooms/general-room";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("generalRoom") };
}

export const dynamic = "force-dynamic";

export default async function GeneralRoomPage() {
  const access = await requireAdminPage("/admin/room");
  if (access === "forbidden") return <AdminOnly />;
  const now = new Date();
  const state = await prefetchedState([
    [adminKeys.stats(null), () => getRoomStats({ concertId: null, now })],
    [adminKeys.generalRoom(), () => getGeneralRoom(now)],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <GeneralRoomLive />
    </PrefetchedBoundary>
  );
}
