"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useCreateConcert } from "@/lib/admin-console/admin-hooks";
import {
  checkSchedule,
  fieldOfDetail,
  newKey,
  newSection,
  type DraftErrors,
  type ScheduleDraft,
} from "@/lib/admin-console/concert-draft";
import { utcToZonedInput } from "@/lib/admin-console/zoned-time";
import { isApiError } from "@/lib/client/api-error";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { ScheduleFields } from "./schedule-fields";
import { TimeZoneField } from "./time-zone-field";
import { useProblemText } from "./use-problem-text";

const DAY = 86_400_000;

/** A new date: a show four weeks ahead at 19:00, booking open from now, two grades to start from. */
export function defaultSchedule(nowIso: string, timeZone: string, weeks = 4): ScheduleDraft {
  const now = new Date(nowIso);
  const day = utcToZonedInput(new Date(now.getTime() + weeks * 7 * DAY), timeZone).slice(0, 10);
  return {
    key: newKey(),
    concertAt: `${day}T19:00`,
    reservationAt: utcToZonedInput(new Date(Math.floor(now.getTime() / 60_000) * 60_000), timeZone),
    sections: [newSection("VIP", "165000", "10"), newSection("R", "99000", "20")],
  };
}

/**
 * /admin/concerts/new: the concert, its dates and their sections in one POST, so a refusal leaves nothing
 * half-created. Problems show beside their fields before sending; the server's, on the field it names.
 */
export function ConcertCreateForm({ now, defaultTimeZone }: { now: string; defaultTimeZone: string }) {
  const t = useTranslations("admin.form");
  const router = useRouter();
  const problem = useProblemText();
  const describe = useDescribeError();
  const create = useCreateConcert();
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  const [name, setName] = useState("");
  const [artist, setArtist] = useState("");
  const [venue, setVenue] = useState("");
  const [description, setDescription] = useState("");
  const [schedules, setSchedules] = useState<ScheduleDraft[]>(() => [defaultSchedule(now, defaultTimeZone)]);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: DraftErrors = {};
    if (!name.trim()) found.name = "required";
    const checked = schedules.map((s, i) => checkSchedule(s, `schedules.${i}.`, timeZone, new Date()));
    for (const c of checked) Object.assign(found, c.errors);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure(t("failed"));
      return;
    }
    create.mutate(
      {
        name: name.trim(),
        artist: artist.trim() || undefined,
        venue: venue.trim() || undefined,
        description: description.trim() || undefined,
        schedules: checked.map((c) => c.value),
      },
      {
        onSuccess: (created) => router.push(`/admin/concerts/${created.concertId}?created=1`),
        onError: (error) => {
          const named = isApiError(error) ? fieldOfDetail(error.detail) : null;
          if (named) setErrors({ [named[0]]: named[1] });
          setFailure(named ? t("failed") : describe(error));
        },
      },
    );
  }

  return (
    <div>
      <PageTitle lead={t("createLead")}>{t("createTitle")}</PageTitle>
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-6">
        <Card>
          <h2 className="mb-4 text-lg font-bold">{t("details")}</h2>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <TextField
              label={t("name")}
              className="sm:col-span-2"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              error={problem(errors.name)}
              required
            />
            <TextField
              label={t("artist")}
              value={artist}
              maxLength={100}
              onChange={(e) => setArtist(e.target.value)}
              error={problem(errors.artist)}
            />
            <TextField
              label={t("venue")}
              value={venue}
              maxLength={100}
              onChange={(e) => setVenue(e.target.value)}
              error={problem(errors.venue)}
            />
            <DescriptionField value={description} onChange={setDescription} error={problem(errors.description)} />
            <div className="sm:col-span-2">
              <TimeZoneField value={timeZone} onChange={setTimeZone} />
            </div>
          </div>
        </Card>

        {schedules.map((schedule, i) => (
          <Card key={schedule.key}>
            <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-lg font-bold">{t("schedule", { number: i + 1 })}</h2>
              {schedules.length > 1 && (
                <Button variant="ghost" size="sm" onClick={() => setSchedules(schedules.filter((_, j) => j !== i))}>
                  {t("removeSchedule", { number: i + 1 })}
                </Button>
              )}
            </div>
            <ScheduleFields
              title={t("schedule", { number: i + 1 })}
              schedule={schedule}
              onChange={(next) => setSchedules(schedules.map((s, j) => (j === i ? next : s)))}
              errors={errors}
              prefix={`schedules.${i}.`}
            />
          </Card>
        ))}

        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="secondary"
            onClick={() => setSchedules([...schedules, defaultSchedule(now, timeZone, 4 + schedules.length)])}
          >
            {t("addSchedule")}
          </Button>
          <Button type="submit" size="lg" busy={create.isPending}>
            {t("submit")}
          </Button>
        </div>
        {failure && <Alert tone="error">{failure}</Alert>}
      </form>
    </div>
  );
}

export function DescriptionField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const t = useTranslations("admin.form");
  return (
    <div className="sm:col-span-2">
      <label htmlFor="concert-description" className="block text-sm font-medium text-slate-800">
        {t("description")}
      </label>
      <textarea
        id="concert-description"
        rows={3}
        maxLength={2000}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "concert-description-error" : undefined}
        className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base text-slate-900 shadow-sm"
      />
      {error && (
        <p id="concert-description-error" className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
