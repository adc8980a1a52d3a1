import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { Roles } from "@/components/admin-console/roles";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { findUsers } from "@/lib/admin/find-users";
import { adminKeys } from "@/lib/admin-console/admin-keys";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("roles") };
}

export const dynamic = "force-dynamic";

export default async function RolesPage() {
  const access = await requireAdminPage("/admin/roles");
  if (access === "forbidden") return <AdminOnly />;
  const state = await prefetchedState([[adminKeys.users(null, "ADMIN"), () => findUsers({ role: "ADMIN" })]]);
  return (
    <PrefetchedBoundary state={state}>
      <Roles />
    </PrefetchedBoundary>
  );
}
