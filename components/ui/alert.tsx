import type { ReactNode } from "react";

type Tone = "error" | "warning" | "info" | "success";

const tones: Record<Tone, { box: string; badge: string; icon: string }> = {
  error: { box: "border-red-300 bg-red-50 text-red-900", badge: "bg-red-700 text-white", icon: "!" },
  warning: { box: "border-amber-300 bg-amber-50 text-amber-950", badge: "bg-amber-600 text-white", icon: "!" },
  info: { box: "border-sky-300 bg-sky-50 text-sky-950", badge: "bg-sky-700 text-white", icon: "i" },
  success: { box: "border-emerald-300 bg-emerald-50 text-emerald-950", badge: "bg-emerald-700 text-white", icon: "✓" },
};

/** A message box. Errors and warnings interrupt screen readers (role=alert); the rest wait their turn. */
export function Alert({
  tone = "info",
  title,
  children,
  action,
  className = "",
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const { box, badge, icon } = tones[tone];
  return (
    <div
      role={tone === "error" || tone === "warning" ? "alert" : "status"}
      className={`flex gap-3 rounded-lg border px-4 py-3 ${box} ${className}`}
    >
      <span
        aria-hidden
        className={`mt-0.5 grid size-5 shrink-0 place-items-center rounded-full text-xs font-bold ${badge}`}
      >
        {icon}
      </span>
      <div className="flex flex-1 flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1 text-sm leading-6">
          {title && <p className="font-semibold">{title}</p>}
          {children && <div>{children}</div>}
        </div>
        {action && <div className="shrink-0">{action}</div>}
      </div>
    </div>
  );
}
