"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
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
  queueProblem,
  useBalance,
  useBookingToken,
  useMyReservations,
  usePaySeveral,
  useReleaseHold,
} from "@/lib/client/hooks";
import { useCountdown } from "@/lib/client/use-countdown";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { useSeatName } from "./hold-tray";

export function MultiCheckout({ reservationIds, userId }: { reservationIds: number[]; userId: number }) {
  const t = useTranslations("multiCheckout");
  const tc = useTranslations("checkout");
  const reservations = useMyReservations();
  if (!reservations.data) {
    if (reservations.isError)
      return (
        <LoadError
          error={reservations.error}
          what={tc("loadFailed")}
          onRetry={() => void reservations.refetch()}
          retrying={reservations.isFetching}
        />
      );
    return <Loading label={t("loading")} />;
  }
  const chosen = reservationIds
    .map((id) => reservations.data.find((r) => r.reservationId === id))
    .filter((r): r is MyReservation => r !== undefined && r.status === "PAYMENT_PENDING");
  if (chosen.length === 0)
    return (
      <Alert
        tone="error"
        title={t("notFound")}
        action={
          <LinkButton href="/tickets" size="sm">
            {tc("myTickets")}
          </LinkButton>
        }
      >
        {t("notFoundBody")}
      </Alert>
    );
  return <MultiCheckoutView holds={chosen} userId={userId} />;
}

function MultiCheckoutView({ holds, userId }: { holds: MyReservation[]; userId: number }) {
  const t = useTranslations("multiCheckout");
  const tc = useTranslations("checkout");
  const th = useTranslations("holdTray");
  const locale = useLocale();
  const describe = useDescribeError();
  const seatName = useSeatName();
  const release = useReleaseHold();
  const router = useRouter();
  const queryClient = useQueryClient();
  const balance = useBalance(userId);
  const pay = usePaySeveral(userId);
  const idempotencyKey = useRef<string | null>(null);
  const earliest = holds.reduce((a, b) => (Date.parse(a.expiresAt) <= Date.parse(b.expiresAt) ? a : b));
  const remaining = useCountdown(earliest.expiresAt);
  const ids = holds.map((h) => h.reservationId);
  const first = holds[0]!;
  const booking = useBookingToken(userId, first.concertId);
  const seatMapPath = `/concerts/${first.concertId}/seats?schedule=${first.scheduleId}`;
  const selfPath = `/checkout?r=${ids.join(",")}`;
  const lapsed = remaining === 0 || hasErrorKind(pay.error, "reservation_expired");

  useEffect(() => {
    if (!lapsed) return;
    void queryClient.invalidateQueries({ queryKey: ["seats"] });
    void queryClient.invalidateQueries({ queryKey: ["reservations"] });
  }, [lapsed, queryClient]);

  const total = holds.reduce((sum, h) => sum + h.price, 0);
  const current = balance.data?.currentAmount;
  const shortfall = current !== undefined ? Math.max(0, total - current) : total;
  const topUpHref = `/wallet?amount=${shortfall || total}&returnTo=${encodeURIComponent(selfPath)}`;
  const insufficient = hasErrorKind(pay.error, "insufficient_balance");

  function submit() {
    if (!booking.token) return;
    // One key per attempt: a double click or a retry after a lost answer replays the first payment.
    idempotencyKey.current ??= newIdempotencyKey();
    pay.mutate(
      { reservationIds: ids, token: booking.token, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (payment) => router.push(`/tickets?paid=${payment.reservationIds.join(",")}`),
        onError: (error) => {
          if (isApiError(error) && !error.isTransient) idempotencyKey.current = null;
        },
      },
    );
  }

  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{tc("eyebrow")}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight">{first.concertName}</h1>
      </div>
      {lapsed ? (
        <Alert
          tone="warning"
          title={t("lapsedTitle")}
          action={
            <LinkButton href={seatMapPath} size="sm">
              {tc("backToMap")}
            </LinkButton>
          }
        >
          {t("lapsedBody")}
        </Alert>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-brand-100 bg-brand-50 px-4 py-3 text-brand-800">
          <p className="text-sm font-medium">
            {t("heldForYou", { count: holds.length })}
            {holds.length > 1 && <span className="block text-xs font-normal">{t("timerNote")}</span>}
          </p>
          <p className="text-sm">
            {tc("timeLeft")}{" "}
            <span
              role="timer"
              aria-label={tc("timeLeftLabel")}
              className="font-mono text-2xl font-bold tabular-nums"
              data-testid="hold-countdown"
            >
              {formatCountdown(remaining ?? 0)}
            </span>
          </p>
        </div>
      )}
      <Card>
        <h2 className="text-lg font-semibold">{t("seats", { count: holds.length })}</h2>
        <ul className="mt-3 divide-y divide-slate-200 text-sm">
          {holds.map((h) => (
            <li key={h.reservationId} className="flex flex-wrap items-center justify-between gap-3 py-2">
              <span className="min-w-0">
                <strong>{seatName(h)}</strong> · <DateTime iso={h.concertAt} />
              </span>
              <span className="flex items-center gap-3">
                <span className="font-medium tabular-nums">{formatWon(h.price, locale)}</span>
                {holds.length > 1 && !lapsed && (
                  <Button
                    variant="secondary"
                    size="sm"
                    aria-label={th("releaseLabel", { number: h.seatNumber })}
                    busy={release.isPending && release.variables === h.reservationId}
                    disabled={release.isPending || pay.isPending || pay.isSuccess}
                    onClick={() =>
                      // A payment of the other seats is a different request: it gets a key of its own.
                      release.mutate(h.reservationId, { onSuccess: () => (idempotencyKey.current = null) })
                    }
                  >
                    {th("release")}
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
        {release.isError && (
          <Alert tone="error" className="mt-3" title={th("releaseFailed")}>
            {describe(release.error)}
          </Alert>
        )}
        <p className="mt-3 flex justify-between border-t border-slate-200 pt-3 text-base">
          <span>{th("total")}</span>
          <strong>{formatWon(total, locale)}</strong>
        </p>
      </Card>
      {!lapsed && (
        <Card>
          <h2 className="text-lg font-semibold">{tc("payTitle")}</h2>
          <p className="mt-3 text-sm text-slate-700">
            {balance.isPending ? (
              tc("checkingBalance")
            ) : balance.isError ? (
              describe(balance.error)
            ) : (
              <>
                {tc("walletBalance")} <strong>{formatWon(current!, locale)}</strong>
                {shortfall > 0 ? (
                  <span className="text-red-800"> · {tc("needMore", { amount: formatWon(shortfall, locale) })}</span>
                ) : (
                  <> · {tc("afterPayment", { amount: formatWon(current! - total, locale) })}</>
                )}
              </>
            )}
          </p>
          {insufficient && (
            <Alert
              tone="error"
              className="mt-4"
              title={t("tooLow")}
              action={
                <LinkButton href={topUpHref} size="sm">
                  {tc("topUpAmount", { amount: formatWon(shortfall || total, locale) })}
                </LinkButton>
              }
            >
              {t("tooLowBody")}
            </Alert>
          )}
          {pay.error && !insufficient && (
            <Alert tone="error" className="mt-4" title={tc("payFailed")}>
              {queueProblem(pay.error) === "lost"
                ? tc("payFailedLost")
                : isApiError(pay.error) && pay.error.isTransient
                  ? `${describe(pay.error)} ${tc("retrySafe")}`
                  : describe(pay.error)}
            </Alert>
          )}
          {booking.state === "none" && (
            <Alert tone="warning" className="mt-4" title={tc("placeEnded")}>
              {tc("placeEndedBody")}
            </Alert>
          )}
          <Button
            size="lg"
            className="mt-5 sm:min-w-56"
            onClick={submit}
            busy={pay.isPending}
            disabled={!booking.token || pay.isSuccess}
          >
            {pay.isPending ? tc("paying") : tc("pay", { amount: formatWon(total, locale) })}
          </Button>
        </Card>
      )}
    </div>
  );
}
