"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { describeError, isApiError, hasErrorKind } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import { queueProblem, useBalance, useBookingToken, useMyReservations, usePayReservation } from "@/lib/client/hooks";
import { keepReceipt } from "@/lib/client/payment-receipts";
import { useCountdown } from "@/lib/client/use-countdown";

export function Checkout({ reservationId, userId }: { reservationId: number; userId: number }) {
  const reservations = useMyReservations();
  const reservation = reservations.data?.find((r) => r.reservationId === reservationId);

  if (!reservations.data) {
    if (reservations.isError)
      return (
        <LoadError
          error={reservations.error}
          what="your reservation"
          onRetry={() => void reservations.refetch()}
          retrying={reservations.isFetching}
        />
      );
    return <Loading label="Loading your reservation…" />;
  }
  if (!reservation)
    return (
      <Alert
        tone="error"
        title="We could not find this reservation."
        action={
          <LinkButton href="/tickets" size="sm">
            My tickets
          </LinkButton>
        }
      >
        It may belong to another account, or the link is wrong.
      </Alert>
    );
  return <CheckoutView reservation={reservation} userId={userId} />;
}

function CheckoutView({ reservation, userId }: { reservation: MyReservation; userId: number }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const balance = useBalance(userId);
  const booking = useBookingToken(userId);
  const pay = usePayReservation(userId);
  const idempotencyKey = useRef<string | null>(null);
  const remaining = useCountdown(reservation.status === "PAYMENT_PENDING" ? reservation.expiresAt : undefined);
  const seatMapPath = `/concerts/${reservation.concertId}/seats?schedule=${reservation.scheduleId}`;
  const checkoutPath = `/checkout/${reservation.reservationId}`;

  const payError = pay.error;
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

  function submit() {
    if (!booking.token) return;
    // One key per payment attempt: a double click or a retry after a network failure replays the first answer
    // instead of charging twice. After a definite refusal (4xx) the next click is a new attempt.
    idempotencyKey.current ??= newIdempotencyKey();
    pay.mutate(
      { reservationId: reservation.reservationId, token: booking.token, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (payment) => {
          keepReceipt(payment);
          router.push(`${checkoutPath}/confirmed`);
        },
        onError: (error) => {
          if (isApiError(error) && !error.isTransient) idempotencyKey.current = null;
        },
      },
    );
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
        title="This seat is paid for."
        action={
          <LinkButton href={`${checkoutPath}/confirmed`} size="sm">
            See confirmation
          </LinkButton>
        }
      />
    );
  } else if (reservation.status === "CANCELLED") {
    status = (
      <Alert
        tone="error"
        title="This reservation was cancelled."
        action={
          <LinkButton href={seatMapPath} size="sm">
            Choose a seat
          </LinkButton>
        }
      />
    );
  } else if (lapsed) {
    status = (
      <Alert
        tone="warning"
        title="Your hold on this seat has lapsed."
        action={
          <LinkButton href={seatMapPath} size="sm">
            Back to the seat map
          </LinkButton>
        }
      >
        The time to pay ran out, so the seat was released and nothing was charged. You can choose a seat again.
      </Alert>
    );
  } else {
    status = <Countdown remaining={remaining ?? 0} />;
  }

  const insufficient = hasErrorKind(payError, "insufficient_balance");
  const canPay = !lapsed && !alreadyPaid && reservation.status === "PAYMENT_PENDING";

  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Checkout</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight">{reservation.concertName}</h1>
      </div>
      {status}
      <Card>
        <h2 className="text-lg font-semibold">Your reservation</h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-600">Concert</dt>
          <dd className="font-medium">{reservation.concertName}</dd>
          <dt className="text-slate-600">Date</dt>
          <dd className="font-medium">
            <LocalTime iso={reservation.concertAt} />
          </dd>
          <dt className="text-slate-600">Seat</dt>
          <dd className="font-medium">Seat {reservation.seatNumber}</dd>
          <dt className="text-slate-600">Reservation</dt>
          <dd className="font-medium">#{reservation.reservationId}</dd>
          <dt className="text-slate-600">Price</dt>
          <dd className="text-base font-bold">{formatWon(price)}</dd>
        </dl>
      </Card>
      {canPay && (
        <Card>
          <h2 className="text-lg font-semibold">Pay from your wallet</h2>
          <div className="mt-3 text-sm text-slate-700">
            {balance.isPending ? (
              "Checking your balance…"
            ) : balance.isError ? (
              <>Your balance could not be loaded ({describeError(balance.error)}) You can still try to pay.</>
            ) : (
              <>
                Wallet balance: <strong>{formatWon(current!)}</strong>
                {shortfall > 0 ? (
                  <span className="text-red-800"> · you need {formatWon(shortfall)} more</span>
                ) : (
                  <> · after payment: {formatWon(current! - price)}</>
                )}
              </>
            )}
          </div>
          {insufficient && (
            <Alert
              tone="error"
              className="mt-4"
              title="Your wallet balance is too low for this seat."
              action={
                <LinkButton href={topUpHref} size="sm">
                  Top up {formatWon(shortfall || price)}
                </LinkButton>
              }
            >
              Top up your wallet and you will come straight back here; your seat stays held until the timer runs out.
            </Alert>
          )}
          {payError && !insufficient && !lapsed && !alreadyPaid && (
            <Alert tone="error" className="mt-4" title="Payment did not go through.">
              {queueProblem(payError) === "lost"
                ? "Your place in line has ended, so this payment could not be made. Join the line again to book."
                : isApiError(payError) && payError.isTransient
                  ? `${describeError(payError)} Trying again is safe: you will not be charged twice.`
                  : describeError(payError)}
            </Alert>
          )}
          {booking.state === "none" && (
            <Alert tone="warning" className="mt-4" title="Your place in line has ended.">
              Payment needs an active place in line. Join the line for this concert again to book.
            </Alert>
          )}
          <div className="mt-5 flex flex-col gap-3 sm:flex-row">
            <Button
              size="lg"
              onClick={submit}
              busy={pay.isPending}
              disabled={!booking.token || pay.isSuccess}
              className="sm:min-w-56"
            >
              {pay.isPending ? "Paying…" : `Pay ${formatWon(price)}`}
            </Button>
            {shortfall > 0 && !insufficient && current !== undefined && (
              <LinkButton href={topUpHref} variant="secondary" size="lg">
                Top up wallet
              </LinkButton>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}

function Countdown({ remaining }: { remaining: number }) {
  const seconds = Math.ceil(remaining / 1000);
  const urgent = seconds <= 60;
  // Screen readers hear a few milestones, not every tick.
  const milestone =
    seconds <= 10
      ? "10 seconds left to pay."
      : seconds <= 30
        ? "30 seconds left to pay."
        : seconds <= 60
          ? "One minute left to pay."
          : "";
  return (
    <div
      className={`flex flex-wrap items-center justify-between gap-3 rounded-xl border px-4 py-3 ${
        urgent ? "border-amber-400 bg-amber-50 text-amber-950" : "border-brand-100 bg-brand-50 text-brand-800"
      }`}
    >
      <p className="text-sm font-medium">Your seat is held for you. Pay before the timer runs out.</p>
      <p className="text-sm">
        Time left:{" "}
        <span
          role="timer"
          aria-label="Time left to pay"
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
