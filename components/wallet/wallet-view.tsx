"use client";

import { useLocale, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { formatWon } from "@/lib/client/format";
import { useBalance, useLedger } from "@/lib/client/hooks";
import { LedgerTickets } from "./ledger-tickets";
import { TopUpForm } from "./top-up-form";

export function WalletView({
  userId,
  initialAmount,
  returnTo,
}: {
  userId: number;
  initialAmount?: number;
  returnTo?: string;
}) {
  const t = useTranslations("wallet");
  const locale = useLocale();
  const balance = useBalance(userId);
  return (
    <>
      <PageTitle lead={t("lead")}>{t("title")}</PageTitle>
      {returnTo && (
        <Alert
          tone="info"
          className="mb-6"
          title={t("forCheckout")}
          action={
            <LinkButton href={returnTo} variant="secondary" size="sm">
              {t("backToCheckout")}
            </LinkButton>
          }
        >
          {t("forCheckoutBody")}
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-[1fr_1.3fr]">
        <div className="flex flex-col gap-6">
          <Card>
            <h2 className="text-sm font-medium text-slate-600">{t("current")}</h2>
            {balance.data ? (
              <p className="mt-1 text-3xl font-bold tracking-tight" data-testid="wallet-balance">
                {formatWon(balance.data.currentAmount, locale)}
              </p>
            ) : balance.isError ? (
              <div className="mt-2">
                <LoadError
                  error={balance.error}
                  what={t("balanceFailed")}
                  onRetry={() => void balance.refetch()}
                  retrying={balance.isFetching}
                />
              </div>
            ) : (
              <Loading className="py-2" />
            )}
          </Card>
          <Card>
            <h2 className="mb-4 text-lg font-semibold">{t("topUp")}</h2>
            <TopUpForm userId={userId} initialAmount={initialAmount} returnTo={returnTo} />
          </Card>
        </div>
        <Card>
          <h2 className="text-lg font-semibold">{t("history")}</h2>
          <Ledger userId={userId} />
        </Card>
      </div>
    </>
  );
}

function Ledger({ userId }: { userId: number }) {
  const t = useTranslations("wallet");
  const locale = useLocale();
  const ledger = useLedger(userId);
  if (!ledger.data) {
    if (ledger.isError)
      return (
        <LoadError
          error={ledger.error}
          what={t("historyFailed")}
          onRetry={() => void ledger.refetch()}
          retrying={ledger.isFetching}
        />
      );
    return <Loading />;
  }
  const entries = ledger.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0) return <p className="mt-3 text-sm text-slate-600">{t("noHistory")}</p>;
  return (
    <>
      <ul className="mt-3 divide-y divide-slate-200" aria-label={t("historyLabel")}>
        {entries.map((e) => (
          <li key={e.id} className="flex items-center justify-between gap-3 py-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium">{t(`kind.${e.kind}`)}</p>
              <LedgerTickets entry={e} />
              <p className="text-slate-600">
                <DateTime iso={e.createdAt} />
              </p>
            </div>
            <div className="text-right">
              <p className={`font-semibold tabular-nums ${e.amount < 0 ? "text-red-800" : "text-emerald-800"}`}>
                {e.amount < 0 ? "−" : "+"}
                {formatWon(Math.abs(e.amount), locale)}
              </p>
              <p className="text-slate-600 tabular-nums">
                {t("balanceAfter", { amount: formatWon(e.balanceAfter, locale) })}
              </p>
            </div>
          </li>
        ))}
      </ul>
      {ledger.hasNextPage && (
        <Button
          variant="secondary"
          size="sm"
          className="mt-3"
          onClick={() => void ledger.fetchNextPage()}
          busy={ledger.isFetchingNextPage}
        >
          {t("older")}
        </Button>
      )}
      {ledger.isFetchNextPageError && <p className="mt-2 text-sm text-red-800">{t("olderFailed")}</p>}
    </>
  );
}
