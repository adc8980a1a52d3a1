import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard, AuthSwitchLink } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getFanSession } from "@/lib/auth/server-session";
import { safeReturnPath } from "@/lib/shared/safe-return-path";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signIn") };
}

type Search = Promise<{ callbackUrl?: string | string[]; created?: string; required?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const callbackUrl = returnPath(search.callbackUrl);
  if (await getFanSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  const notice = search.created ? t("created") : search.required ? t("required") : undefined;
  return (
    <AuthCard
      title={t("signIn")}
      lead={t("signInLead")}
      footer={
        <>
          {t("newHere")}{" "}
          <AuthSwitchLink href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            {t("signUp")}
          </AuthSwitchLink>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} notice={notice} />
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
