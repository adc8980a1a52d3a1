"use client";

import { useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import { useMyReservations } from "@/lib/client/hooks";
import { useCountdown } from "@/lib/client/use-countdown";
import { TicketCard } from "./ticket-card";

const BADGES: Record<MyReservation["status"], { className: string; icon: string }> = {
  CONFIRMED: { className: "bg-emerald-50 text-emerald-900 ring-emerald-300", icon: "✓" },
  PAYMENT_PENDING: { className: "bg-amber-50 text-amber-950 ring-amber-300", icon: "•" },
  EXPIRED: { className: "bg-slate-100 text-slate-700 ring-slate-300", icon: "–" },
  CANCELLED: { className: "bg-slate-100 text-slate-700 ring-slate-300", icon: "×" },
};

/** A ticket that was paid for (confirmed, or cancelled and refunded): shown as a ticket, not a reservation. */
function isTicket(r: MyReservation): boolean {
  return r.status === "CONFIRMED" || (r.status === "CANCELLED" && r.bookingNumber !== null);
}

export function TicketList({ userId }: { userId: number }) {
  const t = useTranslations("tickets");
  const reservations = useMyReservations();
  // Arriving from a checkout: /tickets?paid=12,13 says how many tickets that payment made.
  const paid = (useSearchParams().get("paid") ?? "").split(",").filter((id) => /^\d+$/.test(id)).length;
  return (
    <>
      <PageTitle lead={t("lead")}>{t("title")}</PageTitle>
      {paid > 0 && <Alert tone="success" className="mb-6" title={t("paidTitle", { count: paid })} />}
      {!reservations.data ? (
        reservations.isError ? (
          <LoadError
            error={reservations.error}
            what={t("loadFailed")}
            onRetry={() => void reservations.refetch()}
            retrying={reservations.isFetching}
          />
        ) : (
          <Loading />
        )
      ) : reservations.data.length === 0 ? (
        <Card className="text-center">
          <p className="text-slate-700">{t("empty")}</p>
          <LinkButton href="/" className="mt-4">
            {t("findConcert")}
          </LinkButton>
        </Card>
      ) : (
        <ul className="grid gap-4" data-testid="ticket-list">
          {reservations.data.map((r) =>
            isTicket(r) ? (
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
  const t = useTranslations("tickets");
  const locale = useLocale();
  const remaining = useCountdown(r.status === "PAYMENT_PENDING" ? r.expiresAt : undefined);
  // A hold whose timer ran out while this page was open reads as lapsed, like the server would say.
  const status = r.status === "PAYMENT_PENDING" && remaining === 0 ? "EXPIRED" : r.status;
  const badge = BADGES[status];
  return (
    <li className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:flex-row sm:items-center sm:justify-between">
      <div>
        <h2 className="font-semibold">{r.concertName}</h2>
        <p className="text-sm text-slate-700">
          <DateTime iso={r.concertAt} /> · {t("seatNumber", { number: r.seatNumber })} · {formatWon(r.price, locale)}
        </p>
        <p className="text-xs text-slate-600">{t("reservationNumber", { id: r.reservationId })}</p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <span
          className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ${badge.className}`}
        >
          <span aria-hidden>{badge.icon}</span>
          {t(`status.${status}`)}
          {status === "PAYMENT_PENDING" && remaining !== undefined && (
            <span className="tabular-nums">· {t("left", { time: formatCountdown(remaining) })}</span>
          )}
        </span>
        {status === "PAYMENT_PENDING" && (
          <LinkButton href={`/checkout/${r.reservationId}`} size="sm">
            {t("payNow")}
          </LinkButton>
        )}
      </div>
    </li>
  );
}
