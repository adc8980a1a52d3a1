"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { LoadError, Loading } from "@/components/ui/status-blocks";
import type { AuditPage } from "@/lib/admin/admin-schemas";
import { useAudit } from "@/lib/admin-console/admin-hooks";
import { auditChanges } from "@/lib/admin-console/audit-changes";

const KNOWN_ACTIONS = [
  "concert_create",
  "concert_update",
  "schedule_create",
  "schedule_layout",
  "room_create",
  "room_replace",
  "room_update",
  "room_delete",
  "user_role",
  "ticket_check_in",
] as const;

/** /admin/audit: every admin write, newest first, with who, when and the fields that changed. */
export function AuditLog() {
  const t = useTranslations("admin");
  const audit = useAudit();
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div>
      <PageTitle lead={t("audit.lead")}>{t("audit.title")}</PageTitle>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError ? (
        <LoadError error={audit.error} what={t("common.loadFailed")} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <Card>
          <p className="text-slate-700">{t("audit.empty")}</p>
        </Card>
      ) : (
        <ol className="grid grid-cols-1 gap-3" aria-label={t("audit.title")}>
          {entries.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {audit.hasNextPage && (
        <Button
          variant="secondary"
          className="mt-4"
          onClick={() => void audit.fetchNextPage()}
          busy={audit.isFetchingNextPage}
        >
          {t("audit.older")}
        </Button>
      )}
    </div>
  );
}

function Entry({ entry }: { entry: AuditPage["entries"][number] }) {
  const t = useTranslations("admin");
  const key = entry.action.replace(/\./g, "_");
  const action = (KNOWN_ACTIONS as readonly string[]).includes(key)
    ? t(`actions.${key as (typeof KNOWN_ACTIONS)[number]}`)
    : t("actions.other", { action: entry.action });
  const changes = auditChanges(entry.before, entry.after);
  return (
    <li data-testid="audit-entry" data-action={entry.action}>
      <Card className="!p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <p className="font-semibold text-slate-900">
            {action} <span className="font-mono text-xs font-normal text-slate-600">{entry.target}</span>
          </p>
          <p className="text-sm text-slate-600">
            <DateTime iso={entry.createdAt} /> · {entry.actor?.email ?? t("audit.deleted")}
          </p>
        </div>
        <div className="mt-2 text-sm">
          <span className="sr-only">{t("audit.changes")}: </span>
          {changes.kind === "created" ? (
            <p className="text-slate-700">{t("audit.created")}</p>
          ) : changes.kind === "removed" ? (
            <p className="text-slate-700">{t("audit.removed")}</p>
          ) : null}
          {changes.fields.length === 0 && changes.kind === "changed" ? (
            <p className="text-slate-700">{t("audit.noChange")}</p>
          ) : (
            <ul className="mt-1 grid gap-0.5 text-xs text-slate-700">
              {changes.fields.map((f) => (
                <li key={f.field} className="break-all">
                  <span className="font-mono font-semibold text-slate-900">{f.field}</span>:{" "}
                  {changes.kind === "changed" ? (
                    <>
                      <span className="line-through decoration-slate-400">{f.before}</span> → {f.after}
                    </>
                  ) : (
                    (f.after ?? f.before)
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>
    </li>
  );
}
