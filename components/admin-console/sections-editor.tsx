"use client";

import { useLocale, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { checkSections, newSection, type DraftErrors, type SectionDraft } from "@/lib/admin-console/concert-draft";
import { formatNumber, formatWon } from "@/lib/client/format";
import { SeatPreview } from "./seat-preview";
import { useProblemText } from "./use-problem-text";

/** Rows of name, price and seat count, with the live preview of the seat map they make. */
export function SectionsEditor({
  sections,
  onChange,
  errors,
  prefix,
  legend,
}: {
  sections: SectionDraft[];
  onChange: (sections: SectionDraft[]) => void;
  /** Problems by path; this editor's fields are `${prefix}${i}.name` etc. */
  errors: DraftErrors;
  prefix: string;
  legend: string;
}) {
  const t = useTranslations("admin.form");
  const locale = useLocale();
  const problem = useProblemText();
  const parsed = checkSections(sections, "").value;
  const seats = parsed.reduce((sum, s) => sum + (s.seats > 0 ? s.seats : 0), 0);
  const revenue = parsed.reduce((sum, s) => sum + (s.seats > 0 && s.price > 0 ? s.seats * s.price : 0), 0);

  function update(index: number, change: Partial<SectionDraft>) {
    onChange(sections.map((s, i) => (i === index ? { ...s, ...change } : s)));
  }

  return (
    <fieldset className="grid min-w-0 grid-cols-1 gap-3">
      <legend className="text-sm font-semibold text-slate-900">{legend}</legend>
      <ol className="grid grid-cols-1 gap-3">
        {sections.map((s, i) => (
          <li
            key={s.key}
            className="grid grid-cols-2 items-start gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1.5fr)_minmax(0,1fr)_auto]"
          >
            <TextField
              label={t("sectionName")}
              className="col-span-2 sm:col-span-1"
              value={s.name}
              maxLength={50}
              onChange={(e) => update(i, { name: e.target.value })}
              error={problem(errors[`${prefix}${i}.name`])}
            />
            <TextField
              label={t("price")}
              inputMode="numeric"
              value={s.price}
              onChange={(e) => update(i, { price: e.target.value })}
              error={problem(errors[`${prefix}${i}.price`])}
            />
            <TextField
              label={t("seatCount")}
              inputMode="numeric"
              value={s.seats}
              onChange={(e) => update(i, { seats: e.target.value })}
              error={problem(errors[`${prefix}${i}.seats`])}
            />
            <Button
              variant="ghost"
              size="sm"
              className="col-span-2 justify-self-end sm:col-span-1 sm:mt-7"
              disabled={sections.length === 1}
              onClick={() => onChange(sections.filter((_, j) => j !== i))}
              aria-label={t("removeSection", { name: s.name || String(i + 1) })}
            >
              {t("removeSection", { name: s.name || String(i + 1) })}
            </Button>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button variant="secondary" size="sm" onClick={() => onChange([...sections, newSection()])}>
          {t("addSection")}
        </Button>
        <p className="text-sm text-slate-700" data-testid="layout-total">
          {t("total", { seats: formatNumber(seats), revenue: formatWon(revenue, locale) })}
        </p>
      </div>
      <SeatPreview sections={parsed} />
    </fieldset>
  );
}
