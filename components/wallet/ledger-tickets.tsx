import { DateTime } from "@/components/ui/date-time";
import type { LedgerEntry } from "@/lib/client/api-types";

// UI strings in one place (to move into the i18n catalogue with issue #17).
const TEXT = {
  seat: (n: number, grade: string | null) => `seat ${n}${grade ? ` (${grade})` : ""}`,
};

/** What a payment or refund in the wallet history was for: the concert and seat of each line. */
export function LedgerTickets({ entry }: { entry: LedgerEntry }) {
  if (!entry.tickets?.length) return null;
  return (
    // Plain lines, not a nested list: the history's own items stay the only list items.
    <div className="mt-0.5 text-slate-700">
      {entry.tickets.map((t) => (
        <p key={t.reservationId}>
          {t.concertName} · <DateTime iso={t.concertAt} /> · {TEXT.seat(t.seatNumber, t.sectionName)}
        </p>
      ))}
    </div>
  );
}
