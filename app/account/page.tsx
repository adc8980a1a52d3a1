import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiKeys } from "@/components/account/api-keys";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { requireFanPage } from "@/lib/auth/server-session";
import { queryKeys } from "@/lib/client/query-keys";
import { prefetchedState } from "@/lib/pages/prefetch";
import { getMe } from "@/lib/users/get-me";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const userId = await requireFanPage("/account");
  const state = await prefetchedState([
    [queryKeys.me(), () => getMe(userId)],
    [queryKeys.apiKeys(), async () => (await listApiKeys(userId)).apiKeys],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <ApiKeys />
    </PrefetchedBoundary>
  );
}
