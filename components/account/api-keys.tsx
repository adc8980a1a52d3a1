"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { formatWon } from "@/lib/client/format";
import { useDescribeError } from "@/lib/client/use-describe-error";
import type { ApiKeySummary, CreatedApiKey } from "@/lib/client/api-types";
import { useApiKeys, useCreateApiKey, useMe, useRevokeApiKey } from "@/lib/client/hooks";

export function ApiKeys() {
  const t = useTranslations("account");
  const locale = useLocale();
  const describe = useDescribeError();
  const me = useMe();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const nameInput = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (name.length > 60) {
      setNameError(t("nameTooLong"));
      nameInput.current?.focus();
      return;
    }
    setNameError(undefined);
    setCreated(null);
    create.mutate(name, {
      onSuccess: (key) => {
        setCreated(key);
        form.reset();
      },
    });
  }

  return (
    <>
      <PageTitle lead={me.data ? t("signedInAs", { email: me.data.email }) : undefined}>{t("title")}</PageTitle>
      <div className="grid gap-6">
        <Card>
          <h2 className="text-lg font-semibold">{t("profile")}</h2>
          {me.data ? (
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm" data-testid="account-profile">
              <dt className="text-slate-600">{t("userId")}</dt>
              <dd>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono font-semibold" data-testid="user-id">
                  {me.data.id}
                </code>{" "}
                <span className="text-slate-600">{t("userIdHint")}</span>
              </dd>
              <dt className="text-slate-600">{t("name")}</dt>
              <dd className="font-medium">{me.data.name}</dd>
              <dt className="text-slate-600">{t("email")}</dt>
              <dd className="font-medium">{me.data.email}</dd>
              <dt className="text-slate-600">{t("balance")}</dt>
              <dd className="font-medium">{formatWon(me.data.balance, locale)}</dd>
            </dl>
          ) : me.isError ? (
            <div className="mt-3">
              <LoadError error={me.error} what={t("profileFailed")} onRetry={() => void me.refetch()} />
            </div>
          ) : (
            <Loading />
          )}
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t("keysTitle")}</h2>
          <p className="mt-1 text-sm text-slate-700">
            {t.rich("keysLead", {
              code: (chunks) => <code className="rounded bg-slate-100 px-1">{chunks}</code>,
              docs: (chunks) => (
                <a href="/docs" className="font-medium text-brand-700 underline">
                  {chunks}
                </a>
              ),
            })}
          </p>
          <form
            noValidate
            onSubmit={submit}
            className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start"
            aria-label={t("createLabel")}
          >
            <TextField
              ref={nameInput}
              name="name"
              label={t("keyName")}
              placeholder={t("keyNamePlaceholder")}
              maxLength={60}
              error={nameError}
              className="flex-1"
            />
            <Button type="submit" busy={create.isPending} className="sm:mt-6">
              {t("create")}
            </Button>
          </form>
          {create.isError && (
            <Alert tone="error" className="mt-4" title={t("createFailed")}>
              {describe(create.error)}
            </Alert>
          )}
          {created && <NewKey created={created} onDone={() => setCreated(null)} />}
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t("yourKeys")}</h2>
          {!keys.data ? (
            keys.isError ? (
              <div className="mt-3">
                <LoadError
                  error={keys.error}
                  what={t("keysFailed")}
                  onRetry={() => void keys.refetch()}
                  retrying={keys.isFetching}
                />
              </div>
            ) : (
              <Loading />
            )
          ) : keys.data.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600" data-testid="no-api-keys">
              {t("noKeys")}
            </p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-200" data-testid="api-key-list">
              {keys.data.map((key) => (
                <KeyRow key={key.id} apiKey={key} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

function NewKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const t = useTranslations("account");
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const field = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      // Clipboard blocked (permissions, insecure origin): select it so Ctrl+C works.
      field.current?.select();
      setCopied("failed");
    }
  }
  return (
    <div role="status" className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <p className="font-semibold text-emerald-950">{t("newKey")}</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-api-key" className="sr-only">
          {t("newKeyLabel")}
        </label>
        <input
          id="new-api-key"
          ref={field}
          readOnly
          value={created.key}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full min-w-0 flex-1 rounded-lg border border-emerald-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <Button variant="secondary" onClick={() => void copy()}>
          {copied === "yes" ? t("copied") : t("copy")}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
      {copied === "failed" && <p className="mt-2 text-sm text-emerald-950">{t("copyBlocked")}</p>}
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKeySummary }) {
  const t = useTranslations("account");
  const describe = useDescribeError();
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const label = apiKey.name || t("unnamed");
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="font-medium">{label}</p>
        <p className="text-sm text-slate-600">
          <code className="rounded bg-slate-100 px-1">{apiKey.prefix}…</code> · {t("created")}{" "}
          <DateTime iso={apiKey.createdAt} dateOnly />
          {" · "}
          {apiKey.lastUsedAt ? (
            <>
              {t("lastUsed")} <DateTime iso={apiKey.lastUsedAt} dateOnly />
            </>
          ) : (
            t("neverUsed")
          )}
        </p>
        {revoke.isError && (
          <p className="mt-1 text-sm text-red-800">{t("revokeFailed", { reason: describe(revoke.error) })}</p>
        )}
      </div>
      {confirming ? (
        <div className="flex gap-2">
          <Button
            variant="danger"
            size="sm"
            busy={revoke.isPending}
            onClick={() => revoke.mutate(apiKey.id)}
            aria-label={t("confirmRevokeLabel", { name: label })}
          >
            {t("revokeNow")}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>
            {t("keep")}
          </Button>
        </div>
      ) : (
        <Button
          variant="danger"
          size="sm"
          onClick={() => setConfirming(true)}
          aria-label={t("revokeLabel", { name: label })}
        >
          {t("revoke")}
        </Button>
      )}
    </li>
  );
}
