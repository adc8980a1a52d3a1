"use client";

import { useId } from "react";
import { useTranslations } from "next-intl";
import { COMMON_TIME_ZONES } from "@/lib/admin-console/zoned-time";

/** The organizer's time zone: every wall time of the form is read in it and sent as UTC. */
export function TimeZoneField({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const t = useTranslations("admin.form");
  const id = useId();
  const zones: string[] = (COMMON_TIME_ZONES as readonly string[]).includes(value)
    ? [...COMMON_TIME_ZONES]
    : [value, ...COMMON_TIME_ZONES];
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("timeZone")}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint`}
        className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base text-slate-900 shadow-sm"
      >
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
        {t("timeZoneHint")}
      </p>
    </div>
  );
}
