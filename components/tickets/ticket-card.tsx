"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { useSeatName } from "@/components/booking/hold-tray";
import { hasErrorKind } from "@/lib/client/api-error";
import type { MyReservation } from "@/lib/client/api-types";
import { formatWon } from "@/lib/client/format";
import { useCancelTicket } from "@/lib/client/hooks";
import { serverNow } from "@/lib/client/server-clock";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { calendarFile } from "@/lib/shared/calendar-file";
import { TicketQr } from "./ticket-qr";

/** Concerts have no end time in our data: the calendar entry blocks three hours. */
const SHOW_HOURS = 3;

/** A paid ticket people can use: QR code, booking number, grade, venue, calendar file, cancel with refund. */
export function TicketCard({ ticket, userId }: { ticket: MyReservation; userId: number | undefined }) {
  const t = useTranslations("tickets");
  const locale = useLocale();
  const describe = useDescribeError();
  const seatName = useSeatName();
  const cancel = useCancelTicket(userId);
  const [confirming, setConfirming] = useState(false);
  const cancelled = ticket.status === "CANCELLED";
  const number = ticket.bookingNumber ?? "";
  const readable = number.length === 8 ? `${number.slice(0, 4)}-${number.slice(4)}` : number;
  const seat = seatName(ticket);
  const cancellable = !cancelled && !ticket.checkedInAt && Date.parse(ticket.refundDeadline) > serverNow();

  function downloadCalendar() {
    const start = new Date(ticket.concertAt);
    const ics = calendarFile({
      uid: `ticket-${ticket.reservationId}@ticketing`,
      start,
      end: new Date(start.getTime() + SHOW_HOURS * 3600_000),
      summary: `${ticket.concertName} · ${seat}`,
      location: ticket.venue,
      description: t("calendarDescription", { seat, bookingNumber: readable }),
      stamp: new Date(),
    });
    const url = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `ticket-${number || ticket.reservationId}.ics`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <li
      aria-label={t("ticketLabel", { concert: ticket.concertName, seat })}
      className={`rounded-xl border bg-white p-4 shadow-sm ${cancelled ? "border-slate-200 opacity-80" : "border-emerald-300"}`}
    >
      <div className="flex flex-col gap-4 sm:flex-row sm:justify-between">
        <div className="min-w-0">
          <h2 className="font-semibold">{ticket.concertName}</h2>
          <p className="text-sm text-slate-700">{ticket.artist}</p>
          <p className="mt-1 text-sm text-slate-700">
            <DateTime iso={ticket.concertAt} /> · {ticket.venue}
          </p>
          <p className="mt-1 text-sm font-medium">
            {seat} · {formatWon(ticket.price, locale)}
          </p>
          {number && (
            <p className="mt-3 text-sm text-slate-600">
              {t("bookingNumber")}{" "}
              <span
                className="block font-mono text-xl font-bold tracking-widest text-slate-900"
                data-testid="booking-number"
              >
                {readable}
              </span>
            </p>
          )}
          {cancelled ? (
            <p className="mt-3 inline-flex flex-wrap gap-2 text-sm">
              <span className="rounded-full bg-slate-100 px-2.5 py-1 font-semibold text-slate-700 ring-1 ring-slate-300">
                {t("status.CANCELLED")}
              </span>
              {ticket.refundedAmount !== null && (
                <span className="text-emerald-800">
                  {t("refunded", { amount: formatWon(ticket.refundedAmount, locale) })}
                </span>
              )}
            </p>
          ) : (
            <p className="mt-3">
              <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2.5 py-1 text-xs font-semibold text-emerald-900 ring-1 ring-emerald-300">
                <span aria-hidden>✓</span>
                {t("status.CONFIRMED")}
              </span>
            </p>
          )}
          {cancelled ? null : ticket.checkedInAt ? (
            <p className="mt-3 text-sm font-semibold text-emerald-800">
              {t("checkedIn")} · <DateTime iso={ticket.checkedInAt} />
            </p>
          ) : (
            <p className="mt-3 text-sm text-slate-600">
              {cancellable ? (
                <>
                  {t("cancelUntil")} <DateTime iso={ticket.refundDeadline} />
                </>
              ) : (
                t("noCancel")
              )}
            </p>
          )}
        </div>
        {!cancelled && ticket.ticketCode && (
          <div className="flex flex-col items-center gap-1">
            <TicketQr code={ticket.ticketCode} label={t("qr", { bookingNumber: readable })} />
            <p className="text-xs text-slate-600">{t("showAtDoor")}</p>
          </div>
        )}
      </div>
      {!cancelled && (
        <div className="mt-4 flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={downloadCalendar}>
            {t("calendar")}
          </Button>
          {cancellable && !confirming && (
            <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
              {t("cancel")}
            </Button>
          )}
        </div>
      )}
      {confirming && !cancelled && (
        <div role="group" aria-label={t("cancel")} className="mt-3 rounded-lg border border-red-200 bg-red-50 p-3">
          <p className="text-sm font-medium text-red-900">
            {t("confirm", { amount: formatWon(ticket.price, locale) })}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              variant="danger"
              size="sm"
              busy={cancel.isPending}
              onClick={() => cancel.mutate(ticket.reservationId, { onSuccess: () => setConfirming(false) })}
            >
              {t("confirmYes")}
            </Button>
            <Button variant="ghost" size="sm" disabled={cancel.isPending} onClick={() => setConfirming(false)}>
              {t("confirmNo")}
            </Button>
          </div>
        </div>
      )}
      {cancel.isError && (
        <Alert tone="error" className="mt-3" title={t("cancelFailed")}>
          {hasErrorKind(cancel.error, "refund_cutoff") ? t("cutoff") : describe(cancel.error)}
        </Alert>
      )}
    </li>
  );
}
