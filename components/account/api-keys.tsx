"use client";

import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { describeError } from "@/lib/client/api-error";
import type { ApiKeySummary, CreatedApiKey } from "@/lib/client/api-types";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "@/lib/client/hooks";

export function ApiKeys({ email }: { email: string }) {
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
      setNameError("Use at most 60 characters.");
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
      <PageTitle lead={`Signed in as ${email}.`}>Account</PageTitle>
      <div className="grid gap-6">
        <Card>
          <h2 className="text-lg font-semibold">API keys</h2>
          <p className="mt-1 text-sm text-slate-700">
            Partner apps call the same API as this site. Send a key as the{" "}
            <code className="rounded bg-slate-100 px-1">X-API-Key</code> header; it acts as you. See the{" "}
            <a href="/docs" className="font-medium text-brand-700 underline">
              API docs
            </a>
            .
          </p>
          <form
            noValidate
            onSubmit={submit}
            className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start"
            aria-label="Create an API key"
          >
            <TextField
              ref={nameInput}
              name="name"
              label="Key name (optional)"
              placeholder="e.g. My ticket bot"
              maxLength={60}
              error={nameError}
              className="flex-1"
            />
            <Button type="submit" busy={create.isPending} className="sm:mt-6">
              Create key
            </Button>
          </form>
          {create.isError && (
            <Alert tone="error" className="mt-4" title="The key could not be created.">
              {describeError(create.error)}
            </Alert>
          )}
          {created && <NewKey created={created} onDone={() => setCreated(null)} />}
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">Your keys</h2>
          {!keys.data ? (
            keys.isError ? (
              <div className="mt-3">
                <LoadError
                  error={keys.error}
                  what="your API keys"
                  onRetry={() => void keys.refetch()}
                  retrying={keys.isFetching}
                />
              </div>
            ) : (
              <Loading label="Loading your keys…" />
            )
          ) : keys.data.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">You have no API keys.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-200">
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
      <p className="font-semibold text-emerald-950">Your new key. Copy it now: it will not be shown again.</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-api-key" className="sr-only">
          New API key
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
          {copied === "yes" ? "Copied ✓" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      {copied === "failed" && (
        <p className="mt-2 text-sm text-emerald-950">Copying was blocked; the key is selected, press Ctrl+C (⌘C).</p>
      )}
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKeySummary }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const label = apiKey.name || "Unnamed key";
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="font-medium">{label}</p>
        <p className="text-sm text-slate-600">
          <code className="rounded bg-slate-100 px-1">{apiKey.prefix}…</code> · created{" "}
          <LocalTime iso={apiKey.createdAt} dateOnly />
          {" · "}
          {apiKey.lastUsedAt ? (
            <>
              last used <LocalTime iso={apiKey.lastUsedAt} dateOnly />
            </>
          ) : (
            "never used"
          )}
        </p>
        {revoke.isError && <p className="mt-1 text-sm text-red-800">Could not revoke: {describeError(revoke.error)}</p>}
      </div>
      {confirming ? (
        <div className="flex gap-2">
          <Button
            variant="danger"
            size="sm"
            busy={revoke.isPending}
            onClick={() => revoke.mutate(apiKey.id)}
            aria-label={`Confirm revoking ${label}`}
          >
            Revoke now
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </div>
      ) : (
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)} aria-label={`Revoke ${label}`}>
          Revoke
        </Button>
      )}
    </li>
  );
}
