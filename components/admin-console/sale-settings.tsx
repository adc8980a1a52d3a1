"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import type { AdminConcert } from "@/lib/admin/admin-schemas";
import { useDeleteRoom, usePutRoom } from "@/lib/admin-console/admin-hooks";
import { fieldOfDetail } from "@/lib/admin-console/concert-draft";
import { saleSummary, type SaleDraft } from "@/lib/admin-console/sale-summary";
import { utcToZonedInput, zonedToUtc } from "@/lib/admin-console/zoned-time";
import { isApiError } from "@/lib/client/api-error";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { TimeZoneField } from "./time-zone-field";

const HOUR = 3_600_000;
const WHOLE = /^\d+$/;

/**
 * A concert's sale: a room of its own (or the general room), the pre-queue and the start in the organizer's
 * time zone (sent as UTC), capacity, rate, funds rule and tickets per fan, summed up in plain words as they
 * are typed. Once the pre-queue has opened, the times and the draw are fixed (409 room_locked): the form turns
 * into the summary, and the live controls take over.
 */
export function SaleSettings({
  concert,
  now,
  defaultCapacity,
  defaultRate,
}: {
  concert: AdminConcert;
  now: string;
  defaultCapacity: number;
  defaultRate: number | null;
}) {
  const t = useTranslations("admin.sale");
  const tForm = useTranslations("admin.form");
  const tLive = useTranslations("admin.live");
  const tControls = useTranslations("admin.controls");
  const describe = useDescribeError();
  const put = usePutRoom(concert.concertId);
  const remove = useDeleteRoom(concert.concertId);
  const room = concert.room;
  const [zone, setZone] = useState("Asia/Seoul");
  const latestBooking = concert.schedules.reduce<string | null>(
    (latest, s) => (latest === null || s.reservationAt > latest ? s.reservationAt : latest),
    null,
  );
  const [draft, setDraft] = useState<Omit<SaleDraft, "zone">>(() => {
    const start = new Date(Math.max(new Date(now).getTime() + 2 * HOUR, new Date(latestBooking ?? now).getTime()));
    start.setUTCMinutes(0, 0, 0);
    return {
      dedicated: room !== null,
      prequeueOpensAt: utcToZonedInput(room?.prequeueOpensAt ?? new Date(start.getTime() - HOUR / 2), "Asia/Seoul"),
      salesStartAt: utcToZonedInput(room?.salesStartAt ?? start, "Asia/Seoul"),
      activeCapacity: room?.activeCapacity?.toString() ?? "",
      admitPerSecond: room?.admitPerSecond?.toString() ?? "",
      holdRequiresFunds: room?.holdRequiresFunds ?? false,
      maxTicketsPerFan: String(room?.maxTicketsPerFan ?? 4),
    };
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const locked = room !== null && room.saleState !== "UPCOMING";

  function changeZone(next: string) {
    // The same instants, written in the new zone.
    setDraft((d) => ({
      ...d,
      prequeueOpensAt: rezone(d.prequeueOpensAt, zone, next),
      salesStartAt: rezone(d.salesStartAt, zone, next),
    }));
    setZone(next);
  }

  function set<K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.dedicated) {
      if (room) remove.mutate();
      return;
    }
    const found: Record<string, string> = {};
    const opens = zonedToUtc(draft.prequeueOpensAt, zone);
    const start = zonedToUtc(draft.salesStartAt, zone);
    if (!opens) found.prequeueOpensAt = tForm("badTime");
    if (!start) found.salesStartAt = tForm("badTime");
    if (opens && start && opens > start) found.prequeueOpensAt = t("orderError");
    if (start && latestBooking && start < new Date(latestBooking))
      found.salesStartAt = t("startBeforeBooking", { time: utcToZonedInput(latestBooking, zone).replace("T", " ") });
    if (draft.activeCapacity && (!WHOLE.test(draft.activeCapacity) || Number(draft.activeCapacity) < 1))
      found.activeCapacity = tControls("invalidNumber");
    if (draft.admitPerSecond && !WHOLE.test(draft.admitPerSecond)) found.admitPerSecond = tControls("invalidRate");
    if (!WHOLE.test(draft.maxTicketsPerFan) || Number(draft.maxTicketsPerFan) < 1)
      found.maxTicketsPerFan = tControls("invalidNumber");
    setErrors(found);
    if (Object.keys(found).length || !opens || !start) return;
    put.mutate(
      {
        prequeueOpensAt: opens.toISOString(),
        salesStartAt: start.toISOString(),
        activeCapacity: draft.activeCapacity ? Number(draft.activeCapacity) : undefined,
        admitPerSecond: draft.admitPerSecond ? Number(draft.admitPerSecond) : undefined,
        holdRequiresFunds: draft.holdRequiresFunds,
        maxTicketsPerFan: Number(draft.maxTicketsPerFan),
      },
      {
        onError: (error) => {
          const named = isApiError(error) ? fieldOfDetail(error.detail) : null;
          if (named) setErrors({ [named[0]]: named[1] });
        },
      },
    );
  }

  const summary = saleSummary({ ...draft, zone }, { defaultCapacity, defaultRate });
  const failed = put.error ?? remove.error;

  return (
    <Card>
      <section aria-labelledby="sale-heading">
        <h2 id="sale-heading" className="text-lg font-bold">
          {t("title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("lead")}</p>
        {locked ? (
          <div className="mt-4 grid gap-3">
            <Alert tone="info">{t("locked")}</Alert>
            <Summary lines={summary} />
            {room?.drawCommitment && <Commitment value={room.drawCommitment} />}
            <LinkButton href={`/admin/concerts/${concert.concertId}/live`} variant="secondary" className="w-fit">
              {tLive("title")}
            </LinkButton>
          </div>
        ) : (
          <form onSubmit={submit} noValidate className="mt-4 grid gap-4">
            <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
              <input
                type="checkbox"
                className="size-5 accent-brand-600"
                checked={draft.dedicated}
                onChange={(e) => set("dedicated", e.target.checked)}
              />
              {t("dedicated")}
            </label>
            {draft.dedicated ? (
              <>
                <TimeZoneField value={zone} onChange={changeZone} />
                <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                  <TextField
                    label={t("prequeueOpensAt")}
                    type="datetime-local"
                    step={1}
                    value={draft.prequeueOpensAt}
                    onChange={(e) => set("prequeueOpensAt", e.target.value)}
                    error={errors.prequeueOpensAt}
                  />
                  <TextField
                    label={t("salesStartAt")}
                    type="datetime-local"
                    step={1}
                    value={draft.salesStartAt}
                    onChange={(e) => set("salesStartAt", e.target.value)}
                    error={errors.salesStartAt}
                  />
                  <TextField
                    label={t("activeCapacity")}
                    inputMode="numeric"
                    value={draft.activeCapacity}
                    hint={t("activeCapacityHint")}
                    onChange={(e) => set("activeCapacity", e.target.value.trim())}
                    error={errors.activeCapacity}
                  />
                  <TextField
                    label={t("admitPerSecond")}
                    inputMode="numeric"
                    value={draft.admitPerSecond}
                    hint={t("admitPerSecondHint")}
                    onChange={(e) => set("admitPerSecond", e.target.value.trim())}
                    error={errors.admitPerSecond}
                  />
                  <TextField
                    label={t("maxTicketsPerFan")}
                    inputMode="numeric"
                    value={draft.maxTicketsPerFan}
                    onChange={(e) => set("maxTicketsPerFan", e.target.value.trim())}
                    error={errors.maxTicketsPerFan}
                  />
                  <label className="flex items-center gap-2 self-end pb-3 text-sm font-medium text-slate-800">
                    <input
                      type="checkbox"
                      className="size-5 accent-brand-600"
                      checked={draft.holdRequiresFunds}
                      onChange={(e) => set("holdRequiresFunds", e.target.checked)}
                    />
                    {t("holdRequiresFunds")}
                  </label>
                </div>
                <Summary lines={summary} />
                {room?.drawCommitment && <Commitment value={room.drawCommitment} />}
              </>
            ) : (
              <p className="text-sm text-slate-700">{t("generalNote")}</p>
            )}
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" busy={put.isPending || remove.isPending} disabled={!draft.dedicated && !room}>
                {draft.dedicated ? t("save") : t("remove")}
              </Button>
              {put.isSuccess && <Alert tone="success">{t("saved")}</Alert>}
              {remove.isSuccess && <Alert tone="success">{t("removed")}</Alert>}
            </div>
            {failed && !fieldOfDetail(isApiError(failed) ? failed.detail : undefined) && (
              <Alert tone="error">{describe(failed)}</Alert>
            )}
          </form>
        )}
      </section>
    </Card>
  );
}

function rezone(local: string, from: string, to: string): string {
  const at = zonedToUtc(local, from);
  return at ? utcToZonedInput(at, to) : local;
}

function Summary({ lines }: { lines: ReturnType<typeof saleSummary> }) {
  const t = useTranslations("admin.sale");
  return (
    <div
      className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm leading-6 text-sky-950"
      data-testid="sale-summary"
    >
      <h3 className="font-semibold">{t("summaryTitle")}</h3>
      <ul className="mt-1 list-disc pl-5">
        {lines.map(([key, values]) => (
          <li key={key}>{t(key, values as never)}</li>
        ))}
      </ul>
    </div>
  );
}

function Commitment({ value }: { value: string }) {
  const t = useTranslations("admin.sale");
  return (
    <p className="text-sm text-slate-700">
      {t("commitment")}: <code className="break-all font-mono text-xs">{value}</code>
    </p>
  );
}
