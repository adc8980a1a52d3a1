import type { Metadata } from "next";
import { WalletView } from "@/components/wallet/wallet-view";
import { requireFanPage } from "@/lib/auth/server-session";
import { safeReturnPath } from "@/lib/shared/safe-return-path";

export const metadata: Metadata = { title: "Wallet" };

type Search = Promise<{ amount?: string; returnTo?: string }>;

export default async function WalletPage({ searchParams }: { searchParams: Search }) {
  const { amount, returnTo } = await searchParams;
  const query = new URLSearchParams();
  if (amount) query.set("amount", amount);
  if (returnTo) query.set("returnTo", returnTo);
  const userId = await requireFanPage(`/wallet${query.size ? `?${query}` : ""}`);
  const initialAmount = amount && /^[1-9][0-9]{0,6}$/.test(amount) ? Number(amount) : undefined;
  const back = returnTo ? safeReturnPath(returnTo, "") : "";
  return <WalletView userId={userId} initialAmount={initialAmount} returnTo={back || undefined} />;
}
