"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { hasErrorKind, isApiError } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import {
  forgetQueueToken,
  queueProblem,
  useBalance,
  useBookingToken,
  useMyReservations,
  usePayReservation,
} from "@/lib/client/hooks";
import { keepReceipt } from "@/lib/client/payment-receipts";
import { useCountdown } from "@/lib/client/use-countdown";
import { useDescribeError } from "@/lib/client/use-describe-error";

export function Checkout({ reservationId, userId }: { reservationId: number; userId: number }) {
  const t = useTranslations("checkout");
  const reservations = useMyReservations();
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
  if (!reservation)
    return (
      <Alert
        tone="error"
        title={t("notFound")}
        action={
          <LinkButton href="/tickets" size="sm">
            {t("myTickets")}
          </LinkButton>
        }
      >
        {t("notFoundBody")}
      </Alert>
    );
  return <CheckoutView reservation={reservation} userId={userId} />;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function CheckoutView({ reservation, userId }: { reservation: MyReservation; userId: number }) {
  const t = useTranslations("checkout");
  const locale = useLocale();
  const describe = useDescribeError();
  const router = useRouter();
  const queryClient = useQueryClient();
  const balance = useBalance(userId);
  // The place in line is needed only to pay: a paid or lapsed reservation never asks for it (no stray 404).
  const booking = useBookingToken(userId, reservation.concertId, reservation.status === "PAYMENT_PENDING");
  const pay = usePayReservation(userId);
  const idempotencyKey = useRef<string | null>(null);
  const inFlight = useRef(false);
  const [paying, setPaying] = useState(false);
  const remaining = useCountdown(reservation.status === "PAYMENT_PENDING" ? reservation.expiresAt : undefined);
  const seatMapPath = `/concerts/${reservation.concertId}/seats?schedule=${reservation.scheduleId}`;
  const checkoutPath = `/checkout/${reservation.reservationId}`;

  // "In use" means our own first click is still being processed: not a failure to show.
  const payError = hasErrorKind(pay.error, "idempotency_key_in_use") ? null : pay.error;
  const lapsed =
    reservation.status === "EXPIRED" ||
    (reservation.status === "PAYMENT_PENDING" && remaining === 0) ||
    hasErrorKind(payError, "reservation_expired");
  const alreadyPaid = reservation.status === "CONFIRMED" || hasErrorKind(payError, "reservation_already_paid");

  // Once the hold lapses the seat is free again: refresh what the seat map and ticket list show.
  useEffect(() => {
    if (!lapsed) return;
    void queryClient.invalidateQueries({ queryKey: ["seats"] });
    void queryClient.invalidateQueries({ queryKey: ["schedules"] });
  }, [lapsed, queryClient]);

  async function submit() {
    // A double click reaches here twice before React re-renders the button as busy: the ref stops the second.
    if (inFlight.current || !booking.token) return;
    inFlight.current = true;
    setPaying(true);
    // One key per payment attempt: a retry after a network failure replays the first answer instead of charging
    // twice. After a definite refusal (4xx) the next click is a new attempt.
    idempotencyKey.current ??= newIdempotencyKey();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const payment = await pay.mutateAsync({
            reservationId: reservation.reservationId,
            token: booking.token,
            idempotencyKey: idempotencyKey.current,
          });
          keepReceipt(payment);
          // The payment ended this place in line (the server did); forget it here too.
          forgetQueueToken(userId, reservation.concertId, queryClient);
          router.push(`${checkoutPath}/confirmed`);
          return;
        } catch (error) {
          // The same payment is still running (a request from an earlier click): ask again for its answer.
          if (hasErrorKind(error, "idempotency_key_in_use") && attempt < 20) {
            await sleep(300);
            continue;
          }
          if (isApiError(error) && !error.isTransient) idempotencyKey.current = null;
          return;
        }
      }
    } finally {
      inFlight.current = false;
      setPaying(false);
    }
  }

  const price = reservation.price;
  const current = balance.data?.currentAmount;
  const shortfall = current !== undefined ? Math.max(0, price - current) : price;
  const topUpHref = `/wallet?amount=${shortfall || price}&returnTo=${encodeURIComponent(checkoutPath)}`;

  let status: ReactNode;
  if (alreadyPaid) {
    status = (
      <Alert
        tone="success"
        title={t("paidAlready")}
        action={
          <LinkButton href={`${checkoutPath}/confirmed`} size="sm">
            {t("seeConfirmation")}
          </LinkButton>
        }
      />
    );
  } else if (reservation.status === "CANCELLED") {
    status = (
      <Alert
        tone="error"
        title={t("cancelled")}
        action={
          <LinkButton href={seatMapPath} size="sm">
            {t("chooseSeat")}
          </LinkButton>
        }
      />
    );
  } else if (lapsed) {
    status = (
      <Alert
        tone="warning"
        title={t("lapsedTitle")}
        action={
          <LinkButton href={seatMapPath} size="sm">
            {t("backToMap")}
          </LinkButton>
        }
      >
        {t("lapsedBody")}
      </Alert>
    );
  } else {
    status = <Countdown remaining={remaining ?? 0} />;
  }

  const insufficient = hasErrorKind(payError, "insufficient_balance");
  const canPay = !lapsed && !alreadyPaid && reservation.status === "PAYMENT_PENDING";
  const busy = paying || pay.isPending;

  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t("eyebrow")}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight">{reservation.concertName}</h1>
      </div>
      {status}
      <Card>
        <h2 className="text-lg font-semibold">{t("summary")}</h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-600">{t("concert")}</dt>
          <dd className="font-medium">{reservation.concertName}</dd>
          <dt className="text-slate-600">{t("date")}</dt>
          <dd className="font-medium">
            <DateTime iso={reservation.concertAt} />
          </dd>
          <dt className="text-slate-600">{t("seat")}</dt>
          <dd className="font-medium" data-testid="checkout-seat">
            {t("seatNumber", { number: reservation.seatNumber })}
          </dd>
          <dt className="text-slate-600">{t("reservation")}</dt>
          <dd className="font-medium">#{reservation.reservationId}</dd>
          <dt className="text-slate-600">{t("price")}</dt>
          <dd className="text-base font-bold">{formatWon(price, locale)}</dd>
        </dl>
      </Card>
      {canPay && (
        <Card>
          <h2 className="text-lg font-semibold">{t("payTitle")}</h2>
          <div className="mt-3 text-sm text-slate-700" data-testid="checkout-balance">
            {balance.isPending ? (
              t("checkingBalance")
            ) : balance.isError ? (
              t("balanceFailed", { reason: describe(balance.error) })
            ) : (
              <>
                {t("walletBalance")} <strong>{formatWon(current!, locale)}</strong>
                {shortfall > 0 ? (
                  <span className="text-red-800"> · {t("needMore", { amount: formatWon(shortfall, locale) })}</span>
                ) : (
                  <> · {t("afterPayment", { amount: formatWon(current! - price, locale) })}</>
                )}
              </>
            )}
          </div>
          {insufficient && (
            <Alert
              tone="error"
              className="mt-4"
              title={t("tooLow")}
              action={
                <LinkButton href={topUpHref} size="sm">
                  {t("topUpAmount", { amount: formatWon(shortfall || price, locale) })}
                </LinkButton>
              }
            >
              {t("tooLowBody")}
            </Alert>
          )}
          {payError && !insufficient && !lapsed && !alreadyPaid && (
            <Alert tone="error" className="mt-4" title={t("payFailed")}>
              {queueProblem(payError) === "lost"
                ? t("payFailedLost")
                : isApiError(payError) && payError.isTransient
                  ? `${describe(payError)} ${t("retrySafe")}`
                  : describe(payError)}
            </Alert>
          )}
          {booking.state === "none" && !pay.isSuccess && !paying && (
            <Alert tone="warning" className="mt-4" title={t("placeEnded")}>
              {t("placeEndedBody")}
            </Alert>
          )}
          <div className="mt-5 flex flex-col gap-3 sm:flex-row">
            <Button
              size="lg"
              onClick={() => void submit()}
              busy={busy}
              disabled={!booking.token || pay.isSuccess}
              className="sm:min-w-56"
            >
              {busy ? t("paying") : t("pay", { amount: formatWon(price, locale) })}
            </Button>
            {shortfall > 0 && !insufficient && current !== undefined && (
              <LinkButton href={topUpHref} variant="secondary" size="lg">
                {t("topUp")}
              </LinkButton>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}

function Countdown({ remaining }: { remaining: number }) {
  const t = useTranslations("checkout");
  const seconds = Math.ceil(remaining / 1000);
  const urgent = seconds <= 60;
  // Screen readers hear a few milestones, not every tick.
  const milestone = seconds <= 10 ? t("left10") : seconds <= 30 ? t("left30") : seconds <= 60 ? t("left60") : "";
  return (
    <div
      className={`flex flex-wrap items-center justify-between gap-3 rounded-xl border px-4 py-3 ${
        urgent ? "border-amber-400 bg-amber-50 text-amber-950" : "border-brand-100 bg-brand-50 text-brand-800"
      }`}
    >
      <p className="text-sm font-medium">{t("heldForYou")}</p>
      <p className="text-sm">
        {t("timeLeft")}{" "}
        <span
          role="timer"
          aria-label={t("timeLeftLabel")}
          className="font-mono text-2xl font-bold tabular-nums"
          data-testid="hold-countdown"
        >
          {formatCountdown(remaining)}
        </span>
      </p>
      <span aria-live="polite" className="sr-only">
        {milestone}
      </span>
    </div>
  );
}
