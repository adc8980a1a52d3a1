"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { LoadError, Loading } from "@/components/ui/status-blocks";
import { useAdminConcerts } from "@/lib/admin-console/admin-hooks";
import { formatDateTime, formatNumber, formatWon } from "@/lib/client/format";
import { SaleStateBadge } from "./sale-state-badge";

/** /admin: every concert with its sale state, seats sold of the total and revenue, newest first. */
export function ConcertList() {
  const t = useTranslations("admin");
  const locale = useLocale();
  const list = useAdminConcerts();
  const concerts = list.data?.pages.flatMap((p) => p.concerts) ?? [];

  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle lead={t("concerts.lead")}>{t("concerts.title")}</PageTitle>
        <LinkButton href="/admin/concerts/new">{t("concerts.create")}</LinkButton>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} what={t("common.loadFailed")} onRetry={() => void list.refetch()} />
      ) : concerts.length === 0 ? (
        <Card>
          <p className="text-slate-700">{t("concerts.empty")}</p>
        </Card>
      ) : (
        <ul className="grid grid-cols-1 gap-3" aria-label={t("concerts.title")}>
          {concerts.map((c) => (
            <li key={c.concertId} data-testid="admin-concert">
              <Card className="!p-4 sm:!p-5">
                <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
                  <div className="min-w-0">
                    <h2 className="text-lg font-bold text-slate-900">
                      <Link href={`/admin/concerts/${c.concertId}`} className="hover:underline">
                        {c.name}
                      </Link>
                    </h2>
                    <p className="text-sm text-slate-600">
                      {[c.artist, c.venue].filter(Boolean).join(" · ")}
                      {c.artist || c.venue ? " · " : ""}
                      {t("concerts.schedules", { count: c.schedules })}
                      {" · "}
                      {c.roomId === null ? t("concerts.generalRoom") : t("concerts.room")}
                    </p>
                    {c.nextConcertAt && (
                      <p className="text-sm text-slate-600">
                        {t("concerts.next", { date: formatDateTime(c.nextConcertAt, locale) })}
                      </p>
                    )}
                  </div>
                  <dl className="grid grid-cols-3 gap-4 text-sm sm:w-auto sm:shrink-0">
                    <div>
                      <dt className="text-slate-600">{t("concerts.state")}</dt>
                      <dd className="mt-0.5">
                        <SaleStateBadge state={c.saleState} />
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("concerts.sold")}</dt>
                      <dd className="mt-0.5 font-semibold tabular-nums" data-testid="concert-sold">
                        {formatNumber(c.seats.sold)} / {formatNumber(c.seats.total)}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("concerts.revenue")}</dt>
                      <dd className="mt-0.5 font-semibold tabular-nums" data-testid="concert-revenue">
                        {formatWon(c.revenue, locale)}
                      </dd>
                    </div>
                  </dl>
                </div>
                <div className="mt-3 flex flex-wrap gap-2">
                  <LinkButton
                    href={`/admin/concerts/${c.concertId}`}
                    variant="secondary"
                    size="sm"
                    aria-label={`${t("concerts.settings")}: ${c.name}`}
                  >
                    {t("concerts.settings")}
                  </LinkButton>
                  <LinkButton
                    href={`/admin/concerts/${c.concertId}/live`}
                    variant="secondary"
                    size="sm"
                    aria-label={`${t("concerts.live")}: ${c.name}`}
                  >
                    {t("concerts.live")}
                  </LinkButton>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          variant="secondary"
          className="mt-4"
          onClick={() => void list.fetchNextPage()}
          busy={list.isFetchingNextPage}
        >
          {t("concerts.more")}
        </Button>
      )}
    </div>
  );
}
