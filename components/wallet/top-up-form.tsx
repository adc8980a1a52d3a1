"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useId, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { hasErrorKind, isApiError } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import { formatWon } from "@/lib/client/format";
import { safeReturnPath } from "@/lib/shared/safe-return-path";
import { useChargeWallet } from "@/lib/client/hooks";
import { parseChargeAmount } from "@/lib/client/charge-amount";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { MAX_CHARGE } from "@/lib/wallet/wallet-schemas";

const PRESETS = [10_000, 50_000, 100_000, 300_000];

export function TopUpForm({
  userId,
  initialAmount,
  returnTo,
}: {
  userId: number;
  initialAmount?: number;
  returnTo?: string;
}) {
  const t = useTranslations("wallet");
  const locale = useLocale();
  const describe = useDescribeError();
  const router = useRouter();
  const charge = useChargeWallet(userId);
  const [text, setText] = useState(initialAmount ? String(initialAmount) : "");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ added: number; balance: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const key = useRef<string | null>(null);
  const presetsLabel = useId();
  const won = (amount: number) => formatWon(amount, locale);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const parsed = parseChargeAmount(text);
    if ("error" in parsed) {
      setError(
        parsed.error === "empty"
          ? t("amountEmpty")
          : parsed.error === "notWhole"
            ? t("amountNotWhole")
            : t("amountRange", { max: won(MAX_CHARGE) }),
      );
      input.current?.focus();
      return;
    }
    setError(null);
    // Same key while retrying after a network failure, so a lost response never charges twice.
    key.current ??= newIdempotencyKey();
    charge.mutate(
      { amount: parsed.amount, idempotencyKey: key.current },
      {
        onSuccess: (balance) => {
          key.current = null;
          setDone({ added: parsed.amount, balance: balance.currentAmount });
          setText("");
          if (returnTo) router.push(safeReturnPath(returnTo));
        },
        onError: (err) => {
          if (isApiError(err) && !err.isTransient) key.current = null;
        },
      },
    );
  }

  const apiError = charge.error;
  const limit = hasErrorKind(apiError, "balance_limit");
  const parsed = parseChargeAmount(text);

  return (
    <form noValidate onSubmit={submit} aria-label={t("topUp")} className="flex flex-col gap-4">
      <div>
        <p id={presetsLabel} className="text-sm font-medium text-slate-800">
          {t("chooseAmount")}
        </p>
        {/* Two columns wherever the card is narrow (phones, and beside the history on wide screens). */}
        <div
          role="group"
          aria-labelledby={presetsLabel}
          className="mt-2 grid grid-cols-2 gap-2 md:grid-cols-4 lg:grid-cols-2"
        >
          {PRESETS.map((amount) => {
            const selected = text.replace(/[\s,]/g, "") === String(amount);
            return (
              <button
                key={amount}
                type="button"
                aria-pressed={selected}
                onClick={() => {
                  setText(String(amount));
                  setError(null);
                }}
                className={`min-h-11 min-w-0 whitespace-nowrap rounded-lg border px-2 py-2 text-sm font-semibold tabular-nums ${
                  selected
                    ? "border-brand-600 bg-brand-50 text-brand-800"
                    : "border-slate-300 bg-white hover:bg-slate-50"
                }`}
              >
                {won(amount)}
              </button>
            );
          })}
        </div>
      </div>
      <TextField
        ref={input}
        label={t("amountLabel")}
        name="amount"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={error ?? undefined}
        hint={t("amountHint", { max: won(MAX_CHARGE) })}
      />
      {apiError && (
        <Alert tone="error" title={t("failed")}>
          {limit
            ? t("limit", { max: won(100_000_000) })
            : isApiError(apiError) && apiError.isTransient
              ? `${describe(apiError)} ${t("retrySafe")}`
              : describe(apiError)}
        </Alert>
      )}
      {done && (
        <Alert tone="success" title={t("added", { amount: won(done.added) })}>
          {t("newBalance", { amount: won(done.balance) })}
          {returnTo ? ` ${t("returning")}` : ""}
        </Alert>
      )}
      <Button type="submit" size="lg" busy={charge.isPending} className="sm:self-start">
        {charge.isPending
          ? t("adding")
          : "amount" in parsed
            ? t("addAmount", { amount: won(parsed.amount) })
            : t("add")}
      </Button>
      <p className="text-xs text-slate-600">{t("demo")}</p>
    </form>
  );
}
