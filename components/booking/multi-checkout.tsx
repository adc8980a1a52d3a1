"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { describeError, hasErrorKind, isApiError } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import { queueProblem, useBalance, useBookingToken, useMyReservations, usePaySeveral } from "@/lib/client/hooks";
import { useCountdown } from "@/lib/client/use-countdown";

// UI strings in one place (to move into the i18n catalogue with issue #17).
const TEXT = {
  eyebrow: "Checkout",
  loading: "Loading your seats…",
  what: "your seats",
  notFound: "We could not find these held seats.",
  notFoundBody: "They may have been paid, released or lapsed, or belong to another account.",
  myTickets: "My tickets",
  seats: (n: number) => `Your ${n} seats`,
  seat: (n: number) => `Seat ${n}`,
  total: "Total",
  held: "Your seats are held for you. Pay before the timer runs out.",
  timer: "Time left to pay",
  lapsed: "A hold has lapsed.",
  lapsedBody: "The time to pay ran out for at least one seat, so nothing was charged. Choose your seats again.",
  backToMap: "Back to the seat map",
  payFrom: "Pay from your wallet",
  balance: "Wallet balance",
  needMore: (won: string) => `you need ${won} more`,
  after: (won: string) => `after payment: ${won}`,
  checking: "Checking your balance…",
  short: "Your wallet balance is too low for these seats.",
  shortBody: "Top up your wallet and you will come straight back here; your seats stay held until the timer runs out.",
  topUp: (won: string) => `Top up ${won}`,
  failed: "Payment did not go through.",
  safeRetry: "Trying again is safe: you will not be charged twice.",
  lineEnded: "Your place in line has ended, so this payment could not be made. Join the line again to book.",
  noToken: "Your place in line has ended.",
  noTokenBody: "Payment needs an active place in line. Join the line for this concert again to book.",
  pay: (won: string) => `Pay ${won}`,
  paying: "Paying…",
};

export function MultiCheckout({ reservationIds, userId }: { reservationIds: number[]; userId: number }) {
  const reservations = useMyReservations();
  if (!reservations.data) {
    if (reservations.isError)
      return (
        <LoadError
          error={reservations.error}
          what={TEXT.what}
          onRetry={() => void reservations.refetch()}
          retrying={reservations.isFetching}
        />
      );
    return <Loading label={TEXT.loading} />;
  }
  const chosen = reservationIds
    .map((id) => reservations.data.find((r) => r.reservationId === id))
    .filter((r): r is MyReservation => r !== undefined && r.status === "PAYMENT_PENDING");
  if (chosen.length === 0)
    return (
      <Alert
        tone="error"
        title={TEXT.notFound}
        action={
          <LinkButton href="/tickets" size="sm">
            {TEXT.myTickets}
          </LinkButton>
        }
      >
        {TEXT.notFoundBody}
      </Alert>
    );
  return <MultiCheckoutView holds={chosen} userId={userId} />;
}

function MultiCheckoutView({ holds, userId }: { holds: MyReservation[]; userId: number }) {
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
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{TEXT.eyebrow}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight">{first.concertName}</h1>
      </div>
      {lapsed ? (
        <Alert
          tone="warning"
          title={TEXT.lapsed}
          action={
            <LinkButton href={seatMapPath} size="sm">
              {TEXT.backToMap}
            </LinkButton>
          }
        >
          {TEXT.lapsedBody}
        </Alert>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-brand-100 bg-brand-50 px-4 py-3 text-brand-800">
          <p className="text-sm font-medium">{TEXT.held}</p>
          <p className="text-sm">
            {TEXT.timer}:{" "}
            <span
              role="timer"
              aria-label={TEXT.timer}
              className="font-mono text-2xl font-bold tabular-nums"
              data-testid="hold-countdown"
            >
              {formatCountdown(remaining ?? 0)}
            </span>
          </p>
        </div>
      )}
      <Card>
        <h2 className="text-lg font-semibold">{TEXT.seats(holds.length)}</h2>
        <ul className="mt-3 divide-y divide-slate-200 text-sm">
          {holds.map((h) => (
            <li key={h.reservationId} className="flex justify-between gap-3 py-2">
              <span>
                <strong>{TEXT.seat(h.seatNumber)}</strong>
                {h.sectionName ? ` · ${h.sectionName}` : ""} · <DateTime iso={h.concertAt} />
              </span>
              <span className="font-medium tabular-nums">{formatWon(h.price)}</span>
            </li>
          ))}
        </ul>
        <p className="mt-3 flex justify-between border-t border-slate-200 pt-3 text-base">
          <span>{TEXT.total}</span>
          <strong>{formatWon(total)}</strong>
        </p>
      </Card>
      {!lapsed && (
        <Card>
          <h2 className="text-lg font-semibold">{TEXT.payFrom}</h2>
          <p className="mt-3 text-sm text-slate-700">
            {balance.isPending ? (
              TEXT.checking
            ) : balance.isError ? (
              describeError(balance.error)
            ) : (
              <>
                {TEXT.balance}: <strong>{formatWon(current!)}</strong>
                {shortfall > 0 ? (
                  <span className="text-red-800"> · {TEXT.needMore(formatWon(shortfall))}</span>
                ) : (
                  <> · {TEXT.after(formatWon(current! - total))}</>
                )}
              </>
            )}
          </p>
          {insufficient && (
            <Alert
              tone="error"
              className="mt-4"
              title={TEXT.short}
              action={
                <LinkButton href={topUpHref} size="sm">
                  {TEXT.topUp(formatWon(shortfall || total))}
                </LinkButton>
              }
            >
              {TEXT.shortBody}
            </Alert>
          )}
          {pay.error && !insufficient && (
            <Alert tone="error" className="mt-4" title={TEXT.failed}>
              {queueProblem(pay.error) === "lost"
                ? TEXT.lineEnded
                : isApiError(pay.error) && pay.error.isTransient
                  ? `${describeError(pay.error)} ${TEXT.safeRetry}`
                  : describeError(pay.error)}
            </Alert>
          )}
          {booking.state === "none" && (
            <Alert tone="warning" className="mt-4" title={TEXT.noToken}>
              {TEXT.noTokenBody}
            </Alert>
          )}
          <Button
            size="lg"
            className="mt-5 sm:min-w-56"
            onClick={submit}
            busy={pay.isPending}
            disabled={!booking.token || pay.isSuccess}
          >
            {pay.isPending ? TEXT.paying : TEXT.pay(formatWon(total))}
          </Button>
        </Card>
      )}
    </div>
  );
}
