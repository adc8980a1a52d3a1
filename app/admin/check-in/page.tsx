import type { Metadata } from "next";
import { CheckInDesk } from "@/components/admin/check-in-desk";
import { AdminOnly } from "@/components/admin/admin-only";
import { requireAdminPage } from "@/lib/auth/admin-page";
import { listCheckInSchedules } from "@/lib/tickets/list-check-in-schedules";

export const metadata: Metadata = { title: "Check-in" };
export const dynamic = "force-dynamic";

/** The door: admins let tickets in by QR code or booking number. Fans see a 403 notice. */
export default async function CheckInPage() {
  const access = await requireAdminPage("/admin/check-in");
  if (access === "forbidden") return <AdminOnly />;
  const schedules = await listCheckInSchedules(new Date());
  return <CheckInDesk schedules={schedules} />;
}
