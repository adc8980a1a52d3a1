import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { AuditLog } from "@/components/admin-console/audit-log";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { listAudit } from "@/lib/admin/list-audit";
import { adminKeys } from "@/lib/admin-console/admin-keys";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("audit") };
}

export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const access = await requireAdminPage("/admin/audit");
  if (access === "forbidden") return <AdminOnly />;
  const state = await prefetchedState([
    [adminKeys.audit(), async () => ({ pages: [await listAudit({ limit: 50 })], pageParams: [null] })],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <AuditLog />
    </PrefetchedBoundary>
  );
}
