"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { signInSchema } from "@/lib/users/user-schemas";
import { fieldProblems, type FieldErrors } from "@/lib/client/field-errors";
import { safeReturnPath } from "@/lib/shared/safe-return-path";
import { useHydrated } from "@/lib/client/use-hydrated";

const FIELDS = ["email", "password"] as const;
type Field = (typeof FIELDS)[number];

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const form = new FormData(event.currentTarget);
    const values = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    const parsed = signInSchema.safeParse(values);
    const problems = parsed.success ? {} : fieldProblems(parsed.error, FIELDS);
    const next: FieldErrors<Field> = {};
    if (problems.email) next.email = t("emailInvalid");
    if (!values.password) next.password = t("passwordRequired");
    setErrors(next);
    const firstBad = FIELDS.find((f) => next[f]);
    if (firstBad) {
      ({ email: emailRef, password: passwordRef })[firstBad].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await signIn("credentials", { ...values, redirect: false, callbackUrl });
      if (!result || result.error) {
        setFormError(
          result?.error === "CredentialsSignin" || result?.status === 401 ? t("wrongCredentials") : t("signInFailed"),
        );
        passwordRef.current?.select();
        setBusy(false);
        return;
      }
      router.replace(safeReturnPath(callbackUrl));
      router.refresh();
    } catch {
      setFormError(t("unreachable"));
      setBusy(false);
    }
  }

  return (
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label={t("signIn")}>
      {notice && <Alert tone="info">{notice}</Alert>}
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        ref={emailRef}
        label={t("email")}
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        error={errors.email}
      />
      <TextField
        ref={passwordRef}
        label={t("password")}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <Button type="submit" size="lg" busy={busy} disabled={!hydrated} className="mt-2 w-full">
        {busy ? t("signingIn") : t("signIn")}
      </Button>
    </form>
  );
}
