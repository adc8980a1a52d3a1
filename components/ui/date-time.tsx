import { useLocale } from "next-intl";
import { formatDate, formatTime } from "@/lib/client/format";

/**
 * A show time as Korean ticketing sites write it, in Korean time named KST. The same text on the server and in
 * the browser (no time-zone guess to correct after hydration). Date and time each stay on one line, so a
 * narrow screen breaks between them and never inside "오후".
 */
export function DateTime({
  iso,
  dateOnly = false,
  className,
}: {
  iso: string;
  dateOnly?: boolean;
  className?: string;
}) {
  const locale = useLocale();
  return (
    <time dateTime={iso} className={className}>
      <span className="whitespace-nowrap">{formatDate(iso, locale)}</span>
      {!dateOnly && (
        <>
          {" "}
          <span className="whitespace-nowrap">{formatTime(iso, locale)}</span>
        </>
      )}
    </time>
  );
}
