"use client";

import { useTranslations } from "next-intl";
import { TextField } from "@/components/ui/field";
import type { DraftErrors, ScheduleDraft } from "@/lib/admin-console/concert-draft";
import { SectionsEditor } from "./sections-editor";
import { useProblemText } from "./use-problem-text";

/** One date of a concert: when it starts, when booking opens (organizer's zone), and its seat sections. */
export function ScheduleFields({
  schedule,
  onChange,
  errors,
  prefix,
  title,
}: {
  schedule: ScheduleDraft;
  onChange: (schedule: ScheduleDraft) => void;
  errors: DraftErrors;
  prefix: string;
  title: string;
}) {
  const t = useTranslations("admin.form");
  const problem = useProblemText();
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField
          label={t("concertAt")}
          type="datetime-local"
          step={1}
          value={schedule.concertAt}
          onChange={(e) => onChange({ ...schedule, concertAt: e.target.value })}
          error={problem(errors[`${prefix}concertAt`])}
        />
        <TextField
          label={t("reservationAt")}
          type="datetime-local"
          step={1}
          value={schedule.reservationAt}
          onChange={(e) => onChange({ ...schedule, reservationAt: e.target.value })}
          error={problem(errors[`${prefix}reservationAt`])}
        />
      </div>
      <SectionsEditor
        legend={`${title} · ${t("sections")}`}
        sections={schedule.sections}
        onChange={(sections) => onChange({ ...schedule, sections })}
        errors={errors}
        prefix={`${prefix}sections.`}
      />
    </div>
  );
}
