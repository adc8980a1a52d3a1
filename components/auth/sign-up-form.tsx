"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { hasErrorKind, isApiError } from "@/lib/client/api-error";
import { apiJson } from "@/lib/client/api-fetch";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { signUpSchema } from "@/lib/users/user-schemas";
import { AuthSwitchLink } from "./auth-card";
import { fieldFromDetail, fieldProblems, type FieldErrors, type FieldProblem } from "@/lib/client/field-errors";
import { safeReturnPath } from "@/lib/shared/safe-return-path";
import { useHydrated } from "@/lib/client/use-hydrated";

const FIELDS = ["name", "email", "password"] as const;
type Field = (typeof FIELDS)[number];

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth");
  const describe = useDescribeError();
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [emailTaken, setEmailTaken] = useState(false);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function message(field: Field, problem: FieldProblem): string {
    if (field === "name") return problem === "tooLong" ? t("nameTooLong") : t("nameRequired");
    if (field === "email") return t("emailInvalid");
    return problem === "tooLong" ? t("passwordTooLong") : t("passwordTooShort");
  }

  function show(next: FieldErrors<Field>) {
    setErrors(next);
    const firstBad = FIELDS.find((f) => next[f]);
    if (firstBad) ({ name: nameRef, email: emailRef, password: passwordRef })[firstBad].current?.focus();
    return Boolean(firstBad);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    setEmailTaken(false);
    const form = new FormData(event.currentTarget);
    const values = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    // The same schema the API validates with, so the browser and the server never disagree.
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) {
      const problems = fieldProblems(parsed.error, FIELDS);
      show(Object.fromEntries(Object.entries(problems).map(([f, p]) => [f, message(f as Field, p as FieldProblem)])));
      return;
    }
    show({});
    setBusy(true);
    try {
      await apiJson<{ userId: number }>("/api/users", { method: "POST", body: values });
    } catch (error) {
      setBusy(false);
      const field = isApiError(error) && error.status === 400 ? fieldFromDetail(error.detail, FIELDS) : undefined;
      if (hasErrorKind(error, "email_taken")) {
        setEmailTaken(true);
        show({ email: t("emailTaken") });
      } else if (field) {
        show({ [field]: message(field, "invalid") });
      } else {
        setFormError(describe(error));
      }
      return;
    }
    const result = await signIn("credentials", {
      email: parsed.data.email,
      password: values.password,
      redirect: false,
      callbackUrl,
    }).catch(() => undefined);
    if (!result || result.error) {
      // The account exists; only the automatic sign-in failed.
      router.replace(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}&created=1`);
      return;
    }
    router.replace(safeReturnPath(callbackUrl));
    router.refresh();
  }

  return (
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label={t("signUp")}>
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        ref={nameRef}
        label={t("name")}
        name="name"
        autoComplete="name"
        required
        maxLength={50}
        error={errors.name}
      />
      <TextField
        ref={emailRef}
        label={t("email")}
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        error={errors.email}
        hint={
          emailTaken ? (
            <>
              {t("haveAccount")}{" "}
              <AuthSwitchLink href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
                {t("signIn")}
              </AuthSwitchLink>
            </>
          ) : undefined
        }
      />
      <TextField
        ref={passwordRef}
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("passwordHint")}
        error={errors.password}
      />
      <Button type="submit" size="lg" busy={busy} disabled={!hydrated} className="mt-2 w-full">
        {busy ? t("creating") : t("signUp")}
      </Button>
    </form>
  );
}
