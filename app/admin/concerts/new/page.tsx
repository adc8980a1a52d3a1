import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminOnly } from "@/components/admin/admin-only";
import { ConcertCreateForm } from "@/components/admin-console/concert-create-form";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { TIME_ZONE } from "@/lib/i18n/locales";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("newConcert") };
}

export const dynamic = "force-dynamic";

export default async function NewConcertPage() {
  const access = await requireAdminPage("/admin/concerts/new");
  if (access === "forbidden") return <AdminOnly />;
  // The server's clock seeds the form's default times, so its first render and the browser's agree.
  return <ConcertCreateForm now={new Date().toISOString()} defaultTimeZone={TIME_ZONE} />;
}
