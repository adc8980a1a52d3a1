"use client";

import { useTranslations } from "next-intl";
import { DateTime } from "@/components/ui/date-time";
import type { LedgerEntry } from "@/lib/client/api-types";

/** What a payment or refund in the wallet history was for: the concert and seat of each line. */
export function LedgerTickets({ entry }: { entry: LedgerEntry }) {
  const t = useTranslations("wallet");
  const tt = useTranslations("tickets");
  if (!entry.tickets?.length) return null;
  return (
    // Plain lines, not a nested list: the history's own items stay the only list items.
    <div className="mt-0.5 text-slate-700">
      {entry.tickets.map((ticket) => (
        <p key={ticket.reservationId}>
          {ticket.concertName} · <DateTime iso={ticket.concertAt} /> ·{" "}
          {ticket.sectionName
            ? t("forSeat", { grade: ticket.sectionName, number: ticket.seatNumber })
            : tt("seatNumber", { number: ticket.seatNumber })}
        </p>
      ))}
    </div>
  );
}
