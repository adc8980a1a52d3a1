import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard, AuthSwitchLink } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getFanSession } from "@/lib/auth/server-session";
import { safeReturnPath } from "@/lib/shared/safe-return-path";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getFanSession()) redirect(callbackUrl);
  return (
    <AuthCard
      title="Create your account"
      lead="It takes a minute. Your wallet starts at ₩0; top it up before you buy."
      footer={
        <>
          Already have an account?{" "}
          <AuthSwitchLink href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</AuthSwitchLink>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
