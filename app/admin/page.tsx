import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { ConcertList } from "@/components/admin-console/concert-list";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { listAdminConcerts } from "@/lib/admin/list-admin-concerts";
import { adminKeys } from "@/lib/admin-console/admin-keys";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("concerts") };
}

export const dynamic = "force-dynamic";

/** The organizer console's home: every concert with its sale state, seats sold and revenue. */
export default async function AdminHome() {
  const access = await requireAdminPage("/admin");
  if (access === "forbidden") return <AdminOnly />;
  const state = await prefetchedState([
    [adminKeys.concerts(), async () => ({ pages: [await listAdminConcerts({}, new Date())], pageParams: [null] })],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <ConcertList />
    </PrefetchedBoundary>
  );
}
