"use client";

import { useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { formatWon } from "@/lib/client/format";
import { useMyReservations } from "@/lib/client/hooks";
import { readReceipt } from "@/lib/client/payment-receipts";

const noop = () => () => {};

export function Confirmation({ reservationId }: { reservationId: number }) {
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
          what="your ticket"
          onRetry={() => void reservations.refetch()}
          retrying={reservations.isFetching}
        />
      );
    return <Loading label="Loading your ticket…" />;
  }
  if (!reservation || reservation.status !== "CONFIRMED") {
    return (
      <Alert
        tone="warning"
        title="This reservation is not paid."
        action={
          <LinkButton href={`/checkout/${reservationId}`} size="sm">
            Go to checkout
          </LinkButton>
        }
      >
        We could not find a completed payment for it.
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
        <h1 className="mt-4 text-2xl font-bold">You are going!</h1>
        <p className="mt-1 text-slate-600">Payment complete. Your ticket is in My tickets.</p>
        <dl className="mx-auto mt-6 grid max-w-sm grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-left text-sm">
          <dt className="text-slate-600">Concert</dt>
          <dd className="font-medium">{reservation.concertName}</dd>
          <dt className="text-slate-600">Date</dt>
          <dd className="font-medium">
            <LocalTime iso={reservation.concertAt} />
          </dd>
          <dt className="text-slate-600">Seat</dt>
          <dd className="font-medium">Seat {reservation.seatNumber}</dd>
          <dt className="text-slate-600">Paid</dt>
          <dd className="font-medium">{formatWon(receipt?.amount ?? reservation.price)}</dd>
          {receipt && (
            <>
              <dt className="text-slate-600">Wallet balance</dt>
              <dd className="font-medium">{formatWon(receipt.balanceAfter)}</dd>
              <dt className="text-slate-600">Payment</dt>
              <dd className="font-medium">#{receipt.paymentId}</dd>
            </>
          )}
        </dl>
        <div className="mt-6 flex flex-col justify-center gap-3 sm:flex-row">
          <LinkButton href="/tickets">My tickets</LinkButton>
          <LinkButton href="/" variant="secondary">
            More concerts
          </LinkButton>
        </div>
      </Card>
    </div>
  );
}
