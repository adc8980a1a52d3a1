import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard, AuthSwitchLink } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getFanSession } from "@/lib/auth/server-session";
import { safeReturnPath } from "@/lib/shared/safe-return-path";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signUp") };
}

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getFanSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  return (
    <AuthCard
      title={t("signUpTitle")}
      lead={t("signUpLead")}
      footer={
        <>
          {t("haveAccount")}{" "}
          <AuthSwitchLink href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            {t("signIn")}
          </AuthSwitchLink>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
