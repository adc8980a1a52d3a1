import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MultiCheckout } from "@/components/booking/multi-checkout";
import { requireFanPage } from "@/lib/auth/server-session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("multiCheckout"))("metaTitle") };
}

type Props = { searchParams: Promise<{ r?: string }> };

/** Checkout of several held seats at once: /checkout?r=12,13 (one seat uses /checkout/12). */
export default async function MultiCheckoutPage({ searchParams }: Props) {
  const { r } = await searchParams;
  if (!r || !/^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,19}$/.test(r)) notFound();
  const userId = await requireFanPage(`/checkout?r=${r}`);
  const ids = [...new Set(r.split(",").map(Number))];
  return <MultiCheckout reservationIds={ids} userId={userId} />;
}
