"use client";

import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { hasErrorKind } from "@/lib/client/api-error";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { Alert } from "./alert";
import { Button, LinkButton } from "./button";

export function Spinner({ className = "size-5" }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={`inline-block animate-spin rounded-full border-2 border-brand-600 border-t-transparent ${className}`}
    />
  );
}

/** A loading placeholder that says what is loading (announced politely). */
export function Loading({ label, className = "" }: { label?: string; className?: string }) {
  const t = useTranslations("common");
  return (
    <div role="status" className={`flex items-center gap-3 py-8 text-slate-600 ${className}`}>
      <Spinner />
      <span>{label ?? t("loading")}</span>
    </div>
  );
}

/** A failed request, in words the fan can act on, with a retry when one makes sense. */
export function LoadError({
  error,
  what,
  onRetry,
  retrying,
}: {
  error: unknown;
  /** Already a full sentence: "요금 정보를 불러오지 못했습니다." */
  what: string;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const pathname = usePathname();
  const t = useTranslations("common");
  const describe = useDescribeError();
  // A session that ran out mid-visit: the way forward is signing in again, then straight back here.
  const signedOut = hasErrorKind(error, "authentication_required");
  return (
    <Alert
      tone="error"
      title={what}
      action={
        signedOut ? (
          <LinkButton href={`/sign-in?callbackUrl=${encodeURIComponent(pathname)}`} size="sm">
            {t("signIn")}
          </LinkButton>
        ) : (
          onRetry && (
            <Button variant="secondary" size="sm" onClick={onRetry} busy={retrying}>
              {t("retry")}
            </Button>
          )
        )
      }
    >
      {describe(error)}
    </Alert>
  );
}
