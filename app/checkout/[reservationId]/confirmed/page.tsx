import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Confirmation } from "@/components/booking/confirmation";
import { requireFanPage } from "@/lib/auth/server-session";

export const metadata: Metadata = { title: "Payment complete" };

export default async function ConfirmationPage({ params }: { params: Promise<{ reservationId: string }> }) {
  const { reservationId } = await params;
  if (!/^[1-9][0-9]{0,9}$/.test(reservationId)) notFound();
  await requireFanPage(`/checkout/${reservationId}/confirmed`);
  return <Confirmation reservationId={Number(reservationId)} />;
}
