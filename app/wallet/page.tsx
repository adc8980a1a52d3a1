import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { WalletView } from "@/components/wallet/wallet-view";
import { requireFanPage } from "@/lib/auth/server-session";
import { queryKeys } from "@/lib/client/query-keys";
import { prefetchedState } from "@/lib/pages/prefetch";
import { safeReturnPath } from "@/lib/shared/safe-return-path";
import { listBalanceHistory } from "@/lib/wallet/list-balance-history";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("wallet"))("title") };
}

type Search = Promise<{ amount?: string; returnTo?: string }>;

export default async function WalletPage({ searchParams }: { searchParams: Search }) {
  const { amount, returnTo } = await searchParams;
  const query = new URLSearchParams();
  if (amount) query.set("amount", amount);
  if (returnTo) query.set("returnTo", returnTo);
  const userId = await requireFanPage(`/wallet${query.size ? `?${query}` : ""}`);
  const initialAmount = amount && /^[1-9][0-9]{0,6}$/.test(amount) ? Number(amount) : undefined;
  const back = returnTo ? safeReturnPath(returnTo, "") : "";
  // The balance is in the layout's cache already; the first page of the history (as useLedger asks for it).
  const state = await prefetchedState([
    [
      queryKeys.ledger(userId),
      async () => ({ pages: [await listBalanceHistory(userId, { limit: 20 })], pageParams: [null] }),
    ],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <WalletView userId={userId} initialAmount={initialAmount} returnTo={back || undefined} />
    </PrefetchedBoundary>
  );
}
