"use client";

import { usePathname } from "next/navigation";
import { describeError, hasErrorKind } from "@/lib/client/api-error";
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
export function Loading({ label = "Loading…", className = "" }: { label?: string; className?: string }) {
  return (
    <div role="status" className={`flex items-center gap-3 py-8 text-slate-600 ${className}`}>
      <Spinner />
      <span>{label}</span>
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
  what: string;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const pathname = usePathname();
  // A session that ran out mid-visit: the way forward is signing in again, then straight back here.
  const signedOut = hasErrorKind(error, "authentication_required");
  return (
    <Alert
      tone="error"
      title={`Could not load ${what}.`}
      action={
        signedOut ? (
          <LinkButton href={`/sign-in?callbackUrl=${encodeURIComponent(pathname)}`} size="sm">
            Sign in
          </LinkButton>
        ) : (
          onRetry && (
            <Button variant="secondary" size="sm" onClick={onRetry} busy={retrying}>
              Try again
            </Button>
          )
        )
      }
    >
      {describeError(error)}
    </Alert>
  );
}
