"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import type { MyReservation } from "@/lib/client/api-types";
import { formatCountdown, formatWon } from "@/lib/client/format";
import { useReleaseHold } from "@/lib/client/hooks";
import { useCountdown } from "@/lib/client/use-countdown";
import { useDescribeError } from "@/lib/client/use-describe-error";

/** Checkout path for a set of holds: the one-seat checkout for one, the several-seat checkout otherwise. */
export function checkoutPath(reservationIds: number[]): string {
  return reservationIds.length === 1 ? `/checkout/${reservationIds[0]}` : `/checkout?r=${reservationIds.join(",")}`;
}

/** A hold's seat as the fan reads it: "VIP석 7번" / "VIP seat 7", or the number alone when it has no grade. */
export function useSeatName() {
  const t = useTranslations("tickets");
  return (r: Pick<MyReservation, "seatNumber" | "sectionName">) =>
    r.sectionName
      ? t("gradeSeat", { grade: r.sectionName, number: r.seatNumber })
      : t("seatNumber", { number: r.seatNumber });
}

/**
 * The fan's live holds of this concert beside the seat map: each with a release button, one countdown (the
 * earliest hold's: when it lapses the checkout can no longer pay them all), the total and one checkout.
 */
export function HoldTray({ holds, maxHolds }: { holds: MyReservation[]; maxHolds?: number }) {
  const t = useTranslations("holdTray");
  const locale = useLocale();
  const describe = useDescribeError();
  const seatName = useSeatName();
  const release = useReleaseHold();
  const [released, setReleased] = useState<number | null>(null);
  const sorted = [...holds].sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const earliest = sorted[0];
  const remaining = useCountdown(earliest?.expiresAt);
  const status = (
    <p role="status" className={released === null ? "sr-only" : "mb-3 text-sm text-slate-700"}>
      {released === null ? "" : t("released", { number: released })}
    </p>
  );
  if (!earliest) return status;
  const total = holds.reduce((sum, h) => sum + h.price, 0);
  const ids = [...holds].sort((a, b) => a.reservationId - b.reservationId).map((h) => h.reservationId);

  return (
    <>
      {status}
      <section aria-labelledby="hold-tray-title" className="mb-4 rounded-xl border border-brand-100 bg-brand-50 p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id="hold-tray-title" className="font-semibold text-brand-900">
            {t("title", { count: holds.length })}
          </h3>
          <p className="text-sm text-brand-900">
            {t("timer")}{" "}
            <span
              role="timer"
              aria-label={t("timer")}
              className="font-mono text-lg font-bold tabular-nums"
              data-testid="tray-countdown"
            >
              {formatCountdown(remaining ?? 0)}
            </span>
            {holds.length > 1 && <span className="block text-xs text-slate-700">({t("timerNote")})</span>}
          </p>
        </div>
        <p className="mt-1 text-sm text-slate-700">
          {t("lead")} {maxHolds ? t("limit", { max: maxHolds }) : null}
        </p>
        <ul className="mt-3 divide-y divide-brand-100" aria-label={t("title", { count: holds.length })}>
          {sorted.map((h) => (
            <li key={h.reservationId} className="flex items-center justify-between gap-3 py-2 text-sm">
              <span className="min-w-0">
                <strong>{seatName(h)}</strong> · {formatWon(h.price, locale)}
                <span className="block text-slate-600">
                  <DateTime iso={h.concertAt} />
                </span>
              </span>
              <Button
                variant="secondary"
                size="sm"
                aria-label={t("releaseLabel", { number: h.seatNumber })}
                busy={release.isPending && release.variables === h.reservationId}
                disabled={release.isPending}
                onClick={() => release.mutate(h.reservationId, { onSuccess: () => setReleased(h.seatNumber) })}
              >
                {t("release")}
              </Button>
            </li>
          ))}
        </ul>
        {release.isError && (
          <Alert tone="error" className="mt-3" title={t("releaseFailed")}>
            {describe(release.error)}
          </Alert>
        )}
        <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">
            {t("total")} <strong className="text-base">{formatWon(total, locale)}</strong>
          </p>
          <LinkButton href={checkoutPath(ids)}>{t("checkout", { count: holds.length })}</LinkButton>
        </div>
      </section>
    </>
  );
}
