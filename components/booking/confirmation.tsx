"use client";

import { useLocale, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { formatWon } from "@/lib/client/format";
import { useMyReservations } from "@/lib/client/hooks";
import { readReceipt } from "@/lib/client/payment-receipts";

const noop = () => () => {};

export function Confirmation({ reservationId }: { reservationId: number }) {
  const t = useTranslations("confirmation");
  const locale = useLocale();
  const reservations = useMyReservations();
  const receiptJson = useSyncExternalStore(
    noop,
    () => JSON.stringify(readReceipt(reservationId)),
    () => "null",
  );
  const receipt = JSON.parse(receiptJson) as ReturnType<typeof readReceipt>;
  const reservation = reservations.data?.find((r) => r.reservationId === reservationId);

  if (!reservations.data) {
    if (reservations.isError)
      return (
        <LoadError
          error={reservations.error}
          what={t("loadFailed")}
          onRetry={() => void reservations.refetch()}
          retrying={reservations.isFetching}
        />
      );
    return <Loading />;
  }
  if (!reservation || reservation.status !== "CONFIRMED") {
    return (
      <Alert
        tone="warning"
        title={t("notPaid")}
        action={
          <LinkButton href={`/checkout/${reservationId}`} size="sm">
            {t("toCheckout")}
          </LinkButton>
        }
      >
        {t("notPaidBody")}
      </Alert>
    );
  }
  return (
    <div className="mx-auto max-w-xl">
      <Card className="text-center">
        <div
          aria-hidden
          className="mx-auto grid size-14 place-items-center rounded-full bg-emerald-100 text-3xl text-emerald-700"
        >
          ✓
        </div>
        <h1 className="mt-4 text-2xl font-bold">{t("title")}</h1>
        <p className="mt-1 text-slate-600">{t("lead")}</p>
        <dl className="mx-auto mt-6 grid max-w-sm grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-left text-sm">
          <dt className="text-slate-600">{t("concert")}</dt>
          <dd className="font-medium">{reservation.concertName}</dd>
          <dt className="text-slate-600">{t("date")}</dt>
          <dd className="font-medium">
            <DateTime iso={reservation.concertAt} />
          </dd>
          <dt className="text-slate-600">{t("seat")}</dt>
          <dd className="font-medium">{t("seatNumber", { number: reservation.seatNumber })}</dd>
          <dt className="text-slate-600">{t("paid")}</dt>
          <dd className="font-medium">{formatWon(receipt?.amount ?? reservation.price, locale)}</dd>
          {receipt && (
            <>
              <dt className="text-slate-600">{t("balance")}</dt>
              <dd className="font-medium">{formatWon(receipt.balanceAfter, locale)}</dd>
              <dt className="text-slate-600">{t("payment")}</dt>
              <dd className="font-medium">#{receipt.paymentId}</dd>
            </>
          )}
        </dl>
        <div className="mt-6 flex flex-col justify-center gap-3 sm:flex-row">
          <LinkButton href="/tickets">{t("myTickets")}</LinkButton>
          <LinkButton href="/" variant="secondary">
            {t("more")}
          </LinkButton>
        </div>
      </Card>
    </div>
  );
}
