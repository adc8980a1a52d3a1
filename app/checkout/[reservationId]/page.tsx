import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Checkout } from "@/components/booking/checkout";
import { requireFanPage } from "@/lib/auth/server-session";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: { params: Promise<{ reservationId: string }> }) {
  const { reservationId } = await params;
  if (!/^[1-9][0-9]{0,9}$/.test(reservationId)) notFound();
  const userId = await requireFanPage(`/checkout/${reservationId}`);
  return <Checkout reservationId={Number(reservationId)} userId={userId} />;
}
