"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { LoadError, Loading } from "@/components/ui/status-blocks";
import type { AdminUser } from "@/lib/admin/admin-schemas";
import { useSetRole, useUsers } from "@/lib/admin-console/admin-hooks";
import { hasErrorKind } from "@/lib/client/api-error";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { ConfirmDialog } from "./confirm-dialog";

/** /admin/roles: find a user by email, grant or revoke admin (the last admin stays: 409 last_admin). */
export function Roles() {
  const t = useTranslations("admin");
  const describe = useDescribeError();
  const [typed, setTyped] = useState("");
  const [email, setEmail] = useState("");
  const admins = useUsers({ role: "ADMIN" });
  const found = useUsers({ email });
  const setRole = useSetRole();
  const [pending, setPending] = useState<{ user: AdminUser; role: "ADMIN" | "FAN" } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  function search(event: FormEvent) {
    event.preventDefault();
    setEmail(typed.trim().toLowerCase());
  }

  function confirm() {
    if (!pending) return;
    const { user, role } = pending;
    setDone(null);
    setRole.mutate(
      { userId: user.userId, role },
      {
        onSuccess: () => setDone(t(role === "ADMIN" ? "roles.granted" : "roles.revoked", { email: user.email })),
        onSettled: () => setPending(null),
      },
    );
  }

  const list = (users: AdminUser[], label: string) => (
    <ul className="grid grid-cols-1 gap-2" aria-label={label}>
      {users.map((u) => (
        <li
          key={u.userId}
          data-testid="role-user"
          className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 sm:flex-row sm:items-center sm:justify-between"
        >
          <div className="min-w-0">
            <p className="break-all font-medium text-slate-900">{u.email}</p>
            <p className="text-sm text-slate-600">
              {u.name} · {t("roles.role")}: {t(`roles.${u.role}`)}
            </p>
          </div>
          {u.role === "ADMIN" ? (
            <Button variant="danger" size="sm" onClick={() => setPending({ user: u, role: "FAN" })}>
              {t("roles.revoke")}
            </Button>
          ) : (
            <Button variant="secondary" size="sm" onClick={() => setPending({ user: u, role: "ADMIN" })}>
              {t("roles.grant")}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageTitle lead={t("roles.lead")}>{t("roles.title")}</PageTitle>
      <Card>
        <form onSubmit={search} className="flex items-start gap-2" role="search">
          <TextField
            label={t("roles.email")}
            type="search"
            className="flex-1"
            value={typed}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
          <Button type="submit" className="mt-7">
            {t("roles.search")}
          </Button>
        </form>
        {email && (
          <section aria-labelledby="results-heading" className="mt-4">
            <h2 id="results-heading" className="mb-2 font-semibold">
              {t("roles.results")}
            </h2>
            {found.isPending ? (
              <Loading />
            ) : found.isError ? (
              <LoadError error={found.error} what={t("common.loadFailed")} />
            ) : found.data.users.length === 0 ? (
              <p className="text-sm text-slate-700">{t("roles.none")}</p>
            ) : (
              list(found.data.users, t("roles.results"))
            )}
          </section>
        )}
      </Card>
      {done && <Alert tone="success">{done}</Alert>}
      {setRole.isError && (
        <Alert tone="error">
          {hasErrorKind(setRole.error, "last_admin") ? t("roles.lastAdmin") : describe(setRole.error)}
        </Alert>
      )}
      <Card>
        <section aria-labelledby="admins-heading">
          <h2 id="admins-heading" className="mb-2 text-lg font-bold">
            {t("roles.admins")}
          </h2>
          {admins.isPending ? (
            <Loading />
          ) : admins.isError ? (
            <LoadError error={admins.error} what={t("common.loadFailed")} />
          ) : (
            list(admins.data.users, t("roles.admins"))
          )}
        </section>
      </Card>
      <ConfirmDialog
        open={pending !== null}
        danger={pending?.role === "FAN"}
        confirmLabel={pending?.role === "FAN" ? t("roles.revoke") : t("roles.grant")}
        busy={setRole.isPending}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        {pending &&
          t(pending.role === "ADMIN" ? "roles.confirmGrant" : "roles.confirmRevoke", { email: pending.user.email })}
      </ConfirmDialog>
    </div>
  );
}
