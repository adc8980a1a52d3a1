"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { LoadError, Loading } from "@/components/ui/status-blocks";
import type { RoomStats } from "@/lib/admin/admin-schemas";
import { useAdminConcert, useGeneralRoom, useRoomStats } from "@/lib/admin-console/admin-hooks";
import { zonedClock } from "@/lib/admin-console/zoned-time";
import { formatNumber, formatWait, formatWon } from "@/lib/client/format";
import { TIME_ZONE } from "@/lib/i18n/locales";
import type { RoomBody } from "@/lib/rooms/room-schemas";
import { LiveCharts } from "./live-charts";
import { RoomControls } from "./room-controls";
import { SaleStateBadge } from "./sale-state-badge";

/** /admin/concerts/{id}/live: a concert's sale as it happens, refreshing by itself, with its controls. */
export function ConcertLive({ concertId }: { concertId: number }) {
  const t = useTranslations("admin");
  const stats = useRoomStats(concertId);
  const concert = useAdminConcert(concertId, true);
  if (stats.isPending || concert.isPending) return <Loading />;
  if (concert.isError)
    return <LoadError error={concert.error} what={t("common.loadFailed")} onRetry={() => void concert.refetch()} />;
  if (stats.isError)
    return <LoadError error={stats.error} what={t("common.loadFailed")} onRetry={() => void stats.refetch()} />;
  const c = concert.data;
  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <PageTitle lead={<SaleStateBadge state={stats.data.saleState} />}>
          {c.name} · {t("live.title")}
        </PageTitle>
        <div className="-mt-2 flex flex-wrap gap-2">
          <LinkButton href={`/admin/concerts/${concertId}`} variant="secondary" size="sm">
            {t("live.settings")}
          </LinkButton>
          <a
            href={`/api/admin/concerts/${concertId}/sales.csv`}
            download
            data-testid="sales-csv"
            className="inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-semibold text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-brand-50"
          >
            {t("live.csv")}
          </a>
        </div>
      </div>
      <Numbers stats={stats.data} updatedAt={stats.dataUpdatedAt} />
      <Card>
        <section aria-labelledby="per-schedule-heading">
          <h2 id="per-schedule-heading" className="text-lg font-bold">
            {t("live.perSchedule")}
          </h2>
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("live.schedule")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {t("live.held")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {t("live.sold")}
                  </th>
                  <th scope="col" className="py-2 pl-3 text-right font-medium">
                    {t("live.left")}
                  </th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                {c.schedules.map((s) => (
                  <tr key={s.scheduleId} className="border-t border-slate-200" data-testid="schedule-seats">
                    <th scope="row" className="py-2 pr-3 font-medium">
                      <DateTime iso={s.concertAt} />
                    </th>
                    <td className="px-3 py-2 text-right">{formatNumber(s.seats.held)}</td>
                    <td className="px-3 py-2 text-right">{formatNumber(s.seats.sold)}</td>
                    <td className="py-2 pl-3 text-right">
                      {formatNumber(s.seats.available)} / {formatNumber(s.seats.total)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </Card>
      <Card>
        <LiveCharts samples={stats.data.samples} />
      </Card>
      {c.room ? (
        <>
          <Card>
            <Draw concertId={concertId} room={c.room} />
          </Card>
          <Card>
            <RoomControls key={`${c.room.roomId}`} concertId={concertId} room={c.room} />
          </Card>
        </>
      ) : (
        <Card>
          <p className="text-sm text-slate-700">
            {t("sale.generalNote")}{" "}
            <Link href="/admin/room" className="font-semibold text-brand-700 underline">
              {t("live.generalTitle")}
            </Link>
          </p>
        </Card>
      )}
    </div>
  );
}

/** /admin/room: the general room's line, the seats of every concert in it, and its controls. */
export function GeneralRoomLive() {
  const t = useTranslations("admin");
  const stats = useRoomStats(null);
  const room = useGeneralRoom();
  if (stats.isPending || room.isPending) return <Loading />;
  if (stats.isError || room.isError)
    return (
      <LoadError
        error={stats.error ?? room.error}
        what={t("common.loadFailed")}
        onRetry={() => void Promise.all([stats.refetch(), room.refetch()])}
      />
    );
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageTitle
        lead={
          <span className="flex flex-wrap items-center gap-2">
            <SaleStateBadge state={stats.data.saleState} /> {t("live.generalLead")}
          </span>
        }
      >
        {t("live.generalTitle")}
      </PageTitle>
      <Numbers stats={stats.data} updatedAt={stats.dataUpdatedAt} />
      <Card>
        <LiveCharts samples={stats.data.samples} />
      </Card>
      <Card>
        <RoomControls concertId={null} room={room.data} />
      </Card>
    </div>
  );
}

function Numbers({ stats, updatedAt }: { stats: RoomStats; updatedAt: number }) {
  const t = useTranslations("admin.live");
  const locale = useLocale();
  const eta =
    stats.etaToDrainSeconds === null
      ? t("etaNone")
      : stats.etaToDrainSeconds === 0
        ? t("etaZero")
        : formatWait(stats.etaToDrainSeconds, locale);
  return (
    <section aria-label={t("title")} className="grid grid-cols-1 gap-2">
      {updatedAt > 0 && (
        <p className="text-sm text-slate-600" data-testid="live-updated">
          {t("updated", { time: `${zonedClock(new Date(updatedAt), TIME_ZONE)} KST` })}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Tile label={t("waiting")} id="waiting" value={formatNumber(stats.waiting)} />
        <Tile label={t("active")} id="active" value={formatNumber(stats.active)} />
        <Tile label={t("admittedPerMinute")} id="admit-rate" value={formatNumber(stats.admitRatePerMinute)} />
        <Tile label={t("eta")} id="eta" value={eta} />
        <Tile label={t("held")} id="held" value={formatNumber(stats.heldSeats)} />
        <Tile label={t("sold")} id="sold" value={formatNumber(stats.soldSeats)} />
        <Tile label={t("left")} id="left" value={formatNumber(stats.availableSeats)} />
        <Tile label={t("revenue")} id="revenue" value={formatWon(stats.revenue, locale)} />
        <Tile label={t("admittedTotal")} id="admitted-total" value={formatNumber(stats.admittedTotal)} />
      </dl>
    </section>
  );
}

function Tile({ label, value, id }: { label: string; value: ReactNode; id: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-bold tabular-nums text-slate-900 sm:text-2xl" data-testid={`live-${id}`}>
        {value}
      </dd>
    </div>
  );
}

function Draw({ concertId, room }: { concertId: number; room: RoomBody }) {
  const t = useTranslations("admin.live");
  return (
    <section aria-labelledby="draw-heading" className="grid grid-cols-1 gap-2 text-sm">
      <h2 id="draw-heading" className="text-lg font-bold">
        {t("draw")}
      </h2>
      <dl className="grid grid-cols-1 gap-2">
        <div>
          <dt className="font-medium text-slate-800">{t("drawCommitment")}</dt>
          <dd className="break-all font-mono text-xs text-slate-700" data-testid="draw-commitment">
            {room.drawCommitment ?? "—"}
          </dd>
        </div>
        {room.drawSeed ? (
          <>
            <div>
              <dt className="font-medium text-slate-800">{t("drawSeed")}</dt>
              <dd className="break-all font-mono text-xs text-slate-700" data-testid="draw-seed">
                {room.drawSeed}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-slate-800">{t("entrantsHash")}</dt>
              <dd className="break-all font-mono text-xs text-slate-700">{room.entrantsHash}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {room.drawSeed ? (
        <p>
          {room.entrants !== null && <span>{t("entrants", { count: room.entrants })} · </span>}
          <a href={`/api/concerts/${concertId}/room/draw`} className="font-semibold text-brand-700 underline">
            {t("drawDoc")}
          </a>
        </p>
      ) : (
        <p className="text-slate-600">{t("drawPending")}</p>
      )}
    </section>
  );
}
