import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard, AuthSwitchLink } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getFanSession } from "@/lib/auth/server-session";
import { safeReturnPath } from "@/lib/shared/safe-return-path";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{ callbackUrl?: string | string[]; created?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const callbackUrl = returnPath(search.callbackUrl);
  if (await getFanSession()) redirect(callbackUrl);
  return (
    <AuthCard
      title="Sign in"
      lead="Welcome back. Sign in to buy tickets and manage your wallet."
      footer={
        <>
          New here?{" "}
          <AuthSwitchLink href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Create an account
          </AuthSwitchLink>
        </>
      }
    >
      <SignInForm
        callbackUrl={callbackUrl}
        notice={search.created ? "Your account was created. Please sign in." : undefined}
      />
    </AuthCard>
  );
}

/** next-auth may hand us an absolute URL of this site; only the path is kept. */
function returnPath(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value && /^https?:\/\//.test(value)) {
    try {
      const url = new URL(value);
      return safeReturnPath(`${url.pathname}${url.search}`);
    } catch {
      return "/";
    }
  }
  return safeReturnPath(value);
}
