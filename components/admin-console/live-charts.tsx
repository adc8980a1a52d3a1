"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RoomStats } from "@/lib/admin/admin-schemas";
import { chartSeries, type ChartPoint } from "@/lib/admin-console/chart-series";
import { zonedClock } from "@/lib/admin-console/zoned-time";
import { TIME_ZONE } from "@/lib/i18n/locales";

const BRAND = "#4f46e5";
const EMERALD = "#047857";
const AMBER = "#b45309";

type Key = "waiting" | "admittedPerMinute" | "soldPerMinute";

/**
 * The last 30 minutes from the server's per-minute samples: line depth, admissions per minute, sales per minute
 * (recharts). The drawing is decoration for screen readers: each chart's caption says its latest value and peak.
 */
export function LiveCharts({ samples }: { samples: RoomStats["samples"] }) {
  const t = useTranslations("admin.live");
  const series = chartSeries(samples);
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="text-lg font-bold">
        {t("charts")}
      </h2>
      {series.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t("chartEmpty")}</p>
      ) : (
        <div className="mt-3 grid gap-4 lg:grid-cols-3">
          <Chart title={t("chartDepth")} data={series} dataKey="waiting" color={BRAND} kind="line" />
          <Chart title={t("chartRate")} data={series} dataKey="admittedPerMinute" color={EMERALD} kind="bar" />
          <Chart title={t("chartSales")} data={series} dataKey="soldPerMinute" color={AMBER} kind="bar" />
        </div>
      )}
    </section>
  );
}

function Chart({
  title,
  data,
  dataKey,
  color,
  kind,
}: {
  title: string;
  data: ChartPoint[];
  dataKey: Key;
  color: string;
  kind: "line" | "bar";
}) {
  const t = useTranslations("admin.live");
  const values = data.map((p) => p[dataKey]).filter((v): v is number => v !== null);
  const latest = values.at(-1) ?? 0;
  const max = values.length ? Math.max(...values) : 0;
  const rows = data.map((p) => ({ ...p, label: zonedClock(p.at, TIME_ZONE).slice(0, 5) }));
  const axis = { fontSize: 11, fill: "#475569" };
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`chart-${dataKey}`}>
      <figcaption className="text-sm font-semibold text-slate-800">
        {title}
        <span className="sr-only"> · {t("chartSummary", { title, value: latest, max })}</span>
      </figcaption>
      <div aria-hidden className="mt-2 h-40">
        <ResponsiveContainer width="100%" height="100%">
          {kind === "line" ? (
            <LineChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={axis} minTickGap={16} />
              <YAxis allowDecimals={false} tick={axis} />
              <Tooltip />
              <Line
                type="linear"
                dataKey={dataKey}
                name={title}
                stroke={color}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          ) : (
            <BarChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={axis} minTickGap={16} />
              <YAxis allowDecimals={false} tick={axis} />
              <Tooltip />
              <Bar dataKey={dataKey} name={title} fill={color} isAnimationActive={false} />
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
