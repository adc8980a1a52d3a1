"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { describeError, isApiError, hasErrorKind } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import { formatWon } from "@/lib/client/format";
import { safeReturnPath } from "@/lib/shared/safe-return-path";
import { useChargeWallet } from "@/lib/client/hooks";
import { parseChargeAmount } from "@/lib/client/charge-amount";
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
  const router = useRouter();
  const charge = useChargeWallet(userId);
  const [text, setText] = useState(initialAmount ? String(initialAmount) : "");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ added: number; balance: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const key = useRef<string | null>(null);
  const presetsLabel = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const parsed = parseChargeAmount(text);
    if ("error" in parsed) {
      setError(parsed.error);
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

  return (
    <form noValidate onSubmit={submit} aria-label="Top up" className="flex flex-col gap-4">
      <div>
        <p id={presetsLabel} className="text-sm font-medium text-slate-800">
          Choose an amount
        </p>
        <div
          role="group"
          aria-labelledby={presetsLabel}
          className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-2 xl:grid-cols-4"
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
                className={`rounded-lg border px-3 py-2 text-sm font-semibold ${
                  selected
                    ? "border-brand-600 bg-brand-50 text-brand-800"
                    : "border-slate-300 bg-white hover:bg-slate-50"
                }`}
              >
                {formatWon(amount)}
              </button>
            );
          })}
        </div>
      </div>
      <TextField
        ref={input}
        label="Amount (₩)"
        name="amount"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={error ?? undefined}
        hint={`Any whole amount from ₩1 to ${formatWon(MAX_CHARGE)}.`}
      />
      {apiError && (
        <Alert tone="error" title="Top-up failed.">
          {limit
            ? `A wallet can hold at most ${formatWon(100_000_000)}. Choose a smaller amount.`
            : isApiError(apiError) && apiError.isTransient
              ? `${describeError(apiError)} Trying again is safe: you will not be charged twice.`
              : describeError(apiError)}
        </Alert>
      )}
      {done && (
        <Alert tone="success" title={`Added ${formatWon(done.added)}.`}>
          Your balance is now {formatWon(done.balance)}.{returnTo ? " Taking you back to checkout…" : ""}
        </Alert>
      )}
      <Button type="submit" size="lg" busy={charge.isPending} className="sm:self-start">
        {charge.isPending ? "Adding…" : addLabel(text)}
      </Button>
      <p className="text-xs text-slate-600">Demo wallet: no real money moves.</p>
    </form>
  );
}

function addLabel(text: string): string {
  const parsed = parseChargeAmount(text);
  return "amount" in parsed ? `Add ${formatWon(parsed.amount)}` : "Add money";
}
