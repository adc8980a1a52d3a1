"use client";

import { useSyncExternalStore } from "react";
import { formatDate, formatDateTime } from "@/lib/client/format";

const noop = () => () => {};

/** True once running in the browser, where the fan's time zone is known. */
function useIsClient(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

/**
 * A timestamp in the fan's own time zone. The server does not know that zone, so its render says UTC
 * and the browser replaces it right after hydration.
 */
export function LocalTime({
  iso,
  dateOnly = false,
  className,
}: {
  iso: string;
  dateOnly?: boolean;
  className?: string;
}) {
  const isClient = useIsClient();
  const zone = isClient ? undefined : "UTC";
  return (
    <time dateTime={iso} className={className} suppressHydrationWarning>
      {dateOnly ? formatDate(iso, zone) : formatDateTime(iso, zone)}
    </time>
  );
}
