"use client";

import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { describeError } from "@/lib/client/api-error";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import { useReleaseHold } from "@/lib/client/hooks";
import { useCountdown } from "@/lib/client/use-countdown";

// UI strings in one place (to move into the i18n catalogue with issue #17).
const TEXT = {
  title: (n: number) => (n === 1 ? "Your held seat" : `Your ${n} held seats`),
  lead: "Pick more seats on the map if you like, then check out once for all of them.",
  timer: "Time left to pay",
  seat: (n: number) => `Seat ${n}`,
  release: "Release",
  releaseLabel: (n: number) => `Release seat ${n}`,
  total: "Total",
  checkout: (n: number) => (n === 1 ? "Check out 1 seat" : `Check out ${n} seats`),
  releaseFailed: "The seat could not be released.",
  limit: (max: number) => `You can hold up to ${max} seats at once.`,
};

/** Checkout path for a set of holds: the one-seat checkout for one, the several-seat checkout otherwise. */
export function checkoutPath(reservationIds: number[]): string {
  return reservationIds.length === 1 ? `/checkout/${reservationIds[0]}` : `/checkout?r=${reservationIds.join(",")}`;
}

/**
 * The fan's live holds of this concert beside the seat map: each with a release button, one countdown (the
 * earliest hold's: when it lapses the checkout can no longer pay them all), the total and one checkout.
 */
export function HoldTray({ holds, maxHolds }: { holds: MyReservation[]; maxHolds?: number }) {
  const release = useReleaseHold();
  const sorted = [...holds].sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const earliest = sorted[0];
  const remaining = useCountdown(earliest?.expiresAt);
  if (!earliest) return null;
  const total = holds.reduce((sum, h) => sum + h.price, 0);
  const ids = [...holds].sort((a, b) => a.reservationId - b.reservationId).map((h) => h.reservationId);

  return (
    <section aria-labelledby="hold-tray-title" className="mb-4 rounded-xl border border-brand-100 bg-brand-50 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="hold-tray-title" className="font-semibold text-brand-900">
          {TEXT.title(holds.length)}
        </h3>
        <p className="text-sm text-brand-900">
          {TEXT.timer}:{" "}
          <span role="timer" aria-label={TEXT.timer} className="font-mono text-lg font-bold tabular-nums">
            {formatCountdown(remaining ?? 0)}
          </span>
        </p>
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {TEXT.lead} {maxHolds ? TEXT.limit(maxHolds) : null}
      </p>
      <ul className="mt-3 divide-y divide-brand-100" aria-label={TEXT.title(holds.length)}>
        {sorted.map((h) => (
          <li key={h.reservationId} className="flex items-center justify-between gap-3 py-2 text-sm">
            <span>
              <strong>{TEXT.seat(h.seatNumber)}</strong>
              {h.sectionName ? ` · ${h.sectionName}` : ""} · {formatWon(h.price)}
              <span className="block text-slate-600">
                <DateTime iso={h.concertAt} />
              </span>
            </span>
            <Button
              variant="secondary"
              size="sm"
              aria-label={TEXT.releaseLabel(h.seatNumber)}
              busy={release.isPending && release.variables === h.reservationId}
              disabled={release.isPending}
              onClick={() => release.mutate(h.reservationId)}
            >
              {TEXT.release}
            </Button>
          </li>
        ))}
      </ul>
      {release.isError && (
        <Alert tone="error" className="mt-3" title={TEXT.releaseFailed}>
          {describeError(release.error)}
        </Alert>
      )}
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">
          {TEXT.total}: <strong className="text-base">{formatWon(total)}</strong>
        </p>
        <LinkButton href={checkoutPath(ids)}>{TEXT.checkout(holds.length)}</LinkButton>
      </div>
    </section>
  );
}
