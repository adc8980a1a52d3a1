import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SeatPicker } from "@/components/booking/seat-picker";
import { findConcert } from "@/lib/catalogue/find-concert";
import { requireFanPage } from "@/lib/auth/server-session";

export const metadata: Metadata = { title: "Choose seats" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ schedule?: string }> };

export default async function SeatsPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { schedule } = await searchParams;
  const userId = await requireFanPage(
    `/concerts/${id}/seats${schedule ? `?schedule=${encodeURIComponent(schedule)}` : ""}`,
  );
  const concert = await findConcert(id);
  if (!concert) notFound();
  const scheduleId = schedule && /^[1-9][0-9]{0,9}$/.test(schedule) ? Number(schedule) : undefined;
  return (
    <SeatPicker
      concertId={concert.concertId}
      concertName={concert.name}
      userId={userId}
      initialScheduleId={scheduleId}
    />
  );
}
