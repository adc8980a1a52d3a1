import type { Metadata } from "next";
import { ApiKeys } from "@/components/account/api-keys";
import { getFanSession, requireFanPage } from "@/lib/auth/server-session";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  await requireFanPage("/account");
  const session = await getFanSession();
  return <ApiKeys email={session?.user?.email ?? ""} />;
}
