import type { Metadata } from "next";
import { TicketList } from "@/components/tickets/ticket-list";
import { requireFanPage } from "@/lib/auth/server-session";

export const metadata: Metadata = { title: "My tickets" };

export default async function TicketsPage() {
  const userId = await requireFanPage("/tickets");
  return <TicketList userId={userId} />;
}
