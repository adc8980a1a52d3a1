"use client";

import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import type { LedgerEntry } from "@/lib/client/api-types";
import { LedgerTickets } from "./ledger-tickets";
import { formatWon } from "@/lib/client/format";
import { useBalance, useLedger } from "@/lib/client/hooks";
import { TopUpForm } from "./top-up-form";

const KIND_LABEL: Record<LedgerEntry["kind"], string> = {
  CHARGE: "Top-up",
  PAYMENT: "Ticket payment",
  REFUND: "Refund",
};

export function WalletView({
  userId,
  initialAmount,
  returnTo,
}: {
  userId: number;
  initialAmount?: number;
  returnTo?: string;
}) {
  const balance = useBalance(userId);
  return (
    <>
      <PageTitle lead="Top up your wallet and pay for tickets with it.">Wallet</PageTitle>
      {returnTo && (
        <Alert
          tone="info"
          className="mb-6"
          title="Top up to finish your purchase."
          action={
            <LinkButton href={returnTo} variant="secondary" size="sm">
              Back to checkout
            </LinkButton>
          }
        >
          After the top-up you go straight back to checkout. Your seat stays held until its timer runs out.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-[1fr_1.3fr]">
        <div className="flex flex-col gap-6">
          <Card>
            <h2 className="text-sm font-medium text-slate-600">Current balance</h2>
            {balance.data ? (
              <p className="mt-1 text-3xl font-bold tracking-tight" data-testid="wallet-balance">
                {formatWon(balance.data.currentAmount)}
              </p>
            ) : balance.isError ? (
              <div className="mt-2">
                <LoadError
                  error={balance.error}
                  what="your balance"
                  onRetry={() => void balance.refetch()}
                  retrying={balance.isFetching}
                />
              </div>
            ) : (
              <Loading label="Loading your balance…" className="py-2" />
            )}
          </Card>
          <Card>
            <h2 className="mb-4 text-lg font-semibold">Top up</h2>
            <TopUpForm userId={userId} initialAmount={initialAmount} returnTo={returnTo} />
          </Card>
        </div>
        <Card>
          <h2 className="text-lg font-semibold">History</h2>
          <Ledger userId={userId} />
        </Card>
      </div>
    </>
  );
}

function Ledger({ userId }: { userId: number }) {
  const ledger = useLedger(userId);
  if (!ledger.data) {
    if (ledger.isError)
      return (
        <LoadError
          error={ledger.error}
          what="your wallet history"
          onRetry={() => void ledger.refetch()}
          retrying={ledger.isFetching}
        />
      );
    return <Loading label="Loading your history…" />;
  }
  const entries = ledger.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0)
    return <p className="mt-3 text-sm text-slate-600">No activity yet. Top-ups and payments will appear here.</p>;
  return (
    <>
      <ul className="mt-3 divide-y divide-slate-200" aria-label="Wallet history, newest first">
        {entries.map((e) => (
          <li key={e.id} className="flex items-center justify-between gap-3 py-3 text-sm">
            <div>
              <p className="font-medium">{KIND_LABEL[e.kind]}</p>
              <LedgerTickets entry={e} />
              <p className="text-slate-600">
                <LocalTime iso={e.createdAt} />
              </p>
            </div>
            <div className="text-right">
              <p className={`font-semibold tabular-nums ${e.amount < 0 ? "text-red-800" : "text-emerald-800"}`}>
                {e.amount < 0 ? "−" : "+"}
                {formatWon(Math.abs(e.amount))}
              </p>
              <p className="text-slate-600 tabular-nums">Balance {formatWon(e.balanceAfter)}</p>
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
          Show older
        </Button>
      )}
      {ledger.isFetchNextPageError && (
        <p className="mt-2 text-sm text-red-800">Older entries could not be loaded. Try again.</p>
      )}
    </>
  );
}
