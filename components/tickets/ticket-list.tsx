"use client";

import { LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import { useMyReservations } from "@/lib/client/hooks";
import { TicketCard } from "./ticket-card";
import { useCountdown } from "@/lib/client/use-countdown";

const BADGES: Record<MyReservation["status"], { label: string; className: string; icon: string }> = {
  CONFIRMED: { label: "Confirmed", className: "bg-emerald-50 text-emerald-900 ring-emerald-300", icon: "✓" },
  PAYMENT_PENDING: { label: "Awaiting payment", className: "bg-amber-50 text-amber-950 ring-amber-300", icon: "•" },
  EXPIRED: { label: "Hold lapsed", className: "bg-slate-100 text-slate-700 ring-slate-300", icon: "–" },
  CANCELLED: { label: "Cancelled", className: "bg-slate-100 text-slate-700 ring-slate-300", icon: "×" },
};

export function TicketList({ userId }: { userId?: number }) {
  const reservations = useMyReservations();
  return (
    <>
      <PageTitle lead="Your tickets and the seats you are holding.">My tickets</PageTitle>
      {!reservations.data ? (
        reservations.isError ? (
          <LoadError
            error={reservations.error}
            what="your tickets"
            onRetry={() => void reservations.refetch()}
            retrying={reservations.isFetching}
          />
        ) : (
          <Loading label="Loading your tickets…" />
        )
      ) : reservations.data.length === 0 ? (
        <Card className="text-center">
          <p className="text-slate-700">You have no tickets yet.</p>
          <LinkButton href="/" className="mt-4">
            Find a concert
          </LinkButton>
        </Card>
      ) : (
        <ul className="grid gap-4">
          {reservations.data.map((r) =>
            // Paid tickets (and refunded ones) get the full ticket: QR code, booking number, cancel.
            r.bookingNumber !== null ? (
              <TicketCard key={r.reservationId} ticket={r} userId={userId} />
            ) : (
              <TicketRow key={r.reservationId} reservation={r} />
            ),
          )}
        </ul>
      )}
    </>
  );
}

function TicketRow({ reservation: r }: { reservation: MyReservation }) {
  const remaining = useCountdown(r.status === "PAYMENT_PENDING" ? r.expiresAt : undefined);
  // A hold whose timer ran out while this page was open reads as lapsed, like the server would say.
  const status = r.status === "PAYMENT_PENDING" && remaining === 0 ? "EXPIRED" : r.status;
  const badge = BADGES[status];
  return (
    <li className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:flex-row sm:items-center sm:justify-between">
      <div>
        <h2 className="font-semibold">{r.concertName}</h2>
        <p className="text-sm text-slate-700">
          <LocalTime iso={r.concertAt} /> · Seat {r.seatNumber} · {formatWon(r.price)}
        </p>
        <p className="text-xs text-slate-500">Reservation #{r.reservationId}</p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <span
          className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ${badge.className}`}
        >
          <span aria-hidden>{badge.icon}</span>
          {badge.label}
          {status === "PAYMENT_PENDING" && remaining !== undefined && (
            <span className="tabular-nums">· {formatCountdown(remaining)} left</span>
          )}
        </span>
        {status === "PAYMENT_PENDING" && (
          <LinkButton href={`/checkout/${r.reservationId}`} size="sm">
            Pay now
          </LinkButton>
        )}
      </div>
    </li>
  );
}
