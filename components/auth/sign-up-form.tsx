"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { describeError, isApiError } from "@/lib/client/api-error";
import { apiJson } from "@/lib/client/api-fetch";
import { signUpSchema } from "@/lib/users/user-schemas";
import { AuthSwitchLink } from "./auth-card";
import { fieldErrors, fieldFromDetail, type FieldErrors } from "@/lib/client/field-errors";
import { safeReturnPath } from "@/lib/shared/safe-return-path";
import { useHydrated } from "@/lib/client/use-hydrated";

const FIELDS = ["name", "email", "password"] as const;
type Field = (typeof FIELDS)[number];

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [emailTaken, setEmailTaken] = useState(false);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

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
      show(fieldErrors(parsed.error, FIELDS));
      return;
    }
    show({});
    setBusy(true);
    try {
      await apiJson<{ userId: number }>("/api/users", { method: "POST", body: values });
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && error.status === 409) {
        setEmailTaken(true);
        show({ email: "This email is already registered." });
      } else if (isApiError(error) && error.status === 400 && show(fieldFromDetail(error.detail, FIELDS))) {
        // shown next to its field
      } else {
        setFormError(describeError(error));
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
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Create account">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        ref={nameRef}
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={50}
        error={errors.name}
      />
      <TextField
        ref={emailRef}
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        error={errors.email}
        hint={
          emailTaken ? (
            <>
              Already have an account?{" "}
              <AuthSwitchLink href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</AuthSwitchLink>
            </>
          ) : undefined
        }
      />
      <TextField
        ref={passwordRef}
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        error={errors.password}
      />
      <Button type="submit" size="lg" busy={busy} disabled={!hydrated} className="mt-2 w-full">
        {busy ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
