"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { TextField } from "@/components/ui/field";
import { LoadError, Loading } from "@/components/ui/status-blocks";
import type { AdminConcert, AdminSchedule } from "@/lib/admin/admin-schemas";
import { useAddSchedule, useAdminConcert, useReplaceSections, useUpdateConcert } from "@/lib/admin-console/admin-hooks";
import {
  checkSchedule,
  checkSections,
  fieldOfDetail,
  newSection,
  type DraftErrors,
  type ScheduleDraft,
  type SectionDraft,
} from "@/lib/admin-console/concert-draft";
import { hasErrorKind, isApiError } from "@/lib/client/api-error";
import { formatNumber } from "@/lib/client/format";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { defaultSchedule, DescriptionField } from "./concert-create-form";
import { SaleSettings } from "./sale-settings";
import { SaleStateBadge } from "./sale-state-badge";
import { ScheduleFields } from "./schedule-fields";
import { SeatPreview } from "./seat-preview";
import { SectionsEditor } from "./sections-editor";
import { useProblemText } from "./use-problem-text";

/** /admin/concerts/{id}: details, dates and layouts, sale settings, and the way to the live page and the CSV. */
export function ConcertEditor({
  concertId,
  now,
  created,
  defaultCapacity,
  defaultRate,
}: {
  concertId: number;
  now: string;
  created: boolean;
  defaultCapacity: number;
  defaultRate: number | null;
}) {
  const t = useTranslations("admin");
  const concert = useAdminConcert(concertId);
  if (concert.isPending) return <Loading />;
  if (concert.isError)
    return <LoadError error={concert.error} what={t("common.loadFailed")} onRetry={() => void concert.refetch()} />;
  const c = concert.data;
  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <PageTitle
          lead={
            <span className="flex flex-wrap items-center gap-2">
              {c.room ? <SaleStateBadge state={c.room.saleState} /> : t("sale.generalNote")}
            </span>
          }
        >
          {c.name}
        </PageTitle>
        <div className="-mt-2 flex flex-wrap gap-2">
          <LinkButton href={`/admin/concerts/${concertId}/live`} size="sm">
            {t("concerts.live")}
          </LinkButton>
          <a
            href={`/api/admin/concerts/${concertId}/sales.csv`}
            download
            className="inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-semibold text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-brand-50"
          >
            {t("live.csv")}
          </a>
        </div>
      </div>
      {created && <Alert tone="success">{t("form.created")}</Alert>}
      <DetailsForm concert={c} />
      <section aria-labelledby="schedules-heading" className="grid grid-cols-1 gap-4">
        <h2 id="schedules-heading" className="text-xl font-bold">
          {t("form.schedules")}
        </h2>
        {c.schedules.map((s, i) => (
          <ScheduleCard key={s.scheduleId} concertId={concertId} schedule={s} number={i + 1} />
        ))}
        <AddSchedule concertId={concertId} now={now} number={c.schedules.length + 1} />
      </section>
      <SaleSettings concert={c} now={now} defaultCapacity={defaultCapacity} defaultRate={defaultRate} />
    </div>
  );
}

function DetailsForm({ concert }: { concert: AdminConcert }) {
  const t = useTranslations("admin.form");
  const tc = useTranslations("admin.common");
  const problem = useProblemText();
  const describe = useDescribeError();
  const update = useUpdateConcert(concert.concertId);
  const [name, setName] = useState(concert.name);
  const [artist, setArtist] = useState(concert.artist);
  const [venue, setVenue] = useState(concert.venue);
  const [description, setDescription] = useState(concert.description);
  const [errors, setErrors] = useState<DraftErrors>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setErrors({ name: "required" });
    setErrors({});
    update.mutate(
      { name: name.trim(), artist: artist.trim(), venue: venue.trim(), description: description.trim() },
      {
        onError: (error) => {
          const named = isApiError(error) ? fieldOfDetail(error.detail) : null;
          if (named) setErrors({ [named[0]]: named[1] });
        },
      },
    );
  }

  return (
    <Card>
      <h2 className="mb-4 text-lg font-bold">{t("editTitle")}</h2>
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField
          label={t("name")}
          className="sm:col-span-2"
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
          error={problem(errors.name)}
        />
        <TextField label={t("artist")} value={artist} maxLength={100} onChange={(e) => setArtist(e.target.value)} />
        <TextField label={t("venue")} value={venue} maxLength={100} onChange={(e) => setVenue(e.target.value)} />
        <DescriptionField value={description} onChange={setDescription} error={problem(errors.description)} />
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <Button type="submit" busy={update.isPending}>
            {tc("save")}
          </Button>
          {update.isSuccess && <Alert tone="success">{t("editSaved")}</Alert>}
          {update.isError && !fieldOfDetail((update.error as { detail?: string }).detail) && (
            <Alert tone="error">{describe(update.error)}</Alert>
          )}
        </div>
      </form>
    </Card>
  );
}

function ScheduleCard({ concertId, schedule, number }: { concertId: number; schedule: AdminSchedule; number: number }) {
  const t = useTranslations("admin.form");
  const describe = useDescribeError();
  const replace = useReplaceSections(concertId);
  const [sections, setSections] = useState<SectionDraft[]>(() =>
    schedule.sections.length
      ? schedule.sections.map((s) => newSection(s.name, String(s.price), String(s.seats)))
      : [newSection()],
  );
  const [errors, setErrors] = useState<DraftErrors>({});
  const title = t("schedule", { number });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkSections(sections, "sections.");
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length) return;
    replace.mutate(
      { scheduleId: schedule.scheduleId, sections: checked.value },
      {
        onError: (error) => {
          const named = isApiError(error) ? fieldOfDetail(error.detail) : null;
          if (named) setErrors({ [named[0]]: named[1] });
        },
      },
    );
  }

  const s = schedule.seats;
  return (
    <Card>
      <h3 className="text-lg font-bold">{title}</h3>
      <dl className="mt-2 grid gap-1 text-sm text-slate-700 sm:grid-cols-2">
        <div>
          <dt className="inline font-medium">{t("concertAt")}: </dt>
          <dd className="inline">
            <DateTime iso={schedule.concertAt} />
          </dd>
        </div>
        <div>
          <dt className="inline font-medium">{t("reservationAt")}: </dt>
          <dd className="inline">
            <DateTime iso={schedule.reservationAt} />
          </dd>
        </div>
      </dl>
      <p className="mt-1 text-sm text-slate-700">
        {t("seatCounts", {
          sold: formatNumber(s.sold),
          held: formatNumber(s.held),
          available: formatNumber(s.available),
          total: formatNumber(s.total),
        })}
      </p>
      {schedule.layoutLocked ? (
        <div className="mt-4 grid gap-3">
          <Alert tone="info">{t("layoutLocked")}</Alert>
          <SeatPreview sections={schedule.sections} />
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="mt-4 grid gap-3">
          <SectionsEditor
            legend={`${title} · ${t("sections")}`}
            sections={sections}
            onChange={setSections}
            errors={errors}
            prefix="sections."
          />
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="secondary" busy={replace.isPending}>
              {t("replaceSections")}
            </Button>
            {replace.isSuccess && <Alert tone="success">{t("sectionsSaved")}</Alert>}
            {replace.isError && (
              <Alert tone="error">
                {hasErrorKind(replace.error, "layout_locked") ? t("layoutLocked") : describe(replace.error)}
              </Alert>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}

function AddSchedule({ concertId, now, number }: { concertId: number; now: string; number: number }) {
  const t = useTranslations("admin.form");
  const tc = useTranslations("admin.common");
  const describe = useDescribeError();
  const add = useAddSchedule(concertId);
  const [timeZone] = useState("Asia/Seoul");
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ScheduleDraft>(() => defaultSchedule(now, "Asia/Seoul", 3 + number));
  const [errors, setErrors] = useState<DraftErrors>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkSchedule(draft, "", timeZone, new Date());
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length) return;
    add.mutate(checked.value, {
      onSuccess: () => {
        setOpen(false);
        setDraft(defaultSchedule(now, timeZone, 4 + number));
      },
      onError: (error) => {
        const named = isApiError(error) ? fieldOfDetail(error.detail) : null;
        if (named) setErrors({ [named[0]]: named[1] });
      },
    });
  }

  if (!open)
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t("newSchedule")}
        </Button>
        {add.isSuccess && <Alert tone="success">{t("scheduleAdded")}</Alert>}
      </div>
    );
  return (
    <Card>
      <h3 className="mb-4 text-lg font-bold">{t("newSchedule")}</h3>
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4">
        <p className="text-sm text-slate-600">Asia/Seoul · {t("timeZoneHint")}</p>
        <ScheduleFields
          title={t("schedule", { number })}
          schedule={draft}
          onChange={setDraft}
          errors={errors}
          prefix=""
        />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" busy={add.isPending}>
            {t("addSchedule")}
          </Button>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            {tc("cancel")}
          </Button>
        </div>
        {add.isError && <Alert tone="error">{describe(add.error)}</Alert>}
      </form>
    </Card>
  );
}
