import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findConcert } from "@/lib/catalogue/find-concert";
import { WaitingRoom } from "@/components/queue/waiting-room";
import { requireFanPage } from "@/lib/auth/server-session";

export const metadata: Metadata = { title: "Waiting room" };

export default async function QueuePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const userId = await requireFanPage(`/concerts/${id}/queue`);
  const concert = await findConcert(id);
  if (!concert) notFound();
  return <WaitingRoom concertId={concert.concertId} concertName={concert.name} userId={userId} />;
}
