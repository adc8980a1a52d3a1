import { TIME_ZONE, type AppLocale } from "../i18n/locales";

// Money and times as Korean ticketing sites write them, and their English equivalents. Times are always Korean
// time, named "KST" (the shows are in Korea; "GMT+9" is not what fans call it). Pure functions of their inputs, so
// the server's render and the browser's agree to the character (no hydration flicker).

/** "165,000원" in Korean, "₩165,000" in English. */
export function formatWon(amount: number, locale: AppLocale = "ko"): string {
  const sign = amount < 0 ? "-" : "";
  const digits = new Intl.NumberFormat("en-US").format(Math.abs(amount));
  return locale === "ko" ? `${sign}${digits}원` : `${sign}₩${digits}`;
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat("en-US").format(value);
}

type Parts = { year: string; month: string; day: string; weekday: string; hour: string; minute: string; am: boolean };

function partsOf(iso: string, locale: AppLocale): Parts {
  const format = new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-US", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: locale === "ko" ? "numeric" : "short",
    day: "numeric",
    weekday: "short",
    hour: "numeric",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    format.formatToParts(new Date(iso)).find((p) => p.type === type)?.value ?? "";
  const hour24 = Number(get("hour"));
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    weekday: get("weekday"),
    hour: String(hour12),
    minute: get("minute"),
    am: hour24 < 12,
  };
}

/** The calendar date: "2026년 12월 14일 (월)" / "Mon, Dec 14, 2026". */
export function formatDate(iso: string, locale: AppLocale = "ko"): string {
  const p = partsOf(iso, locale);
  return locale === "ko"
    ? `${p.year}년 ${p.month}월 ${p.day}일 (${p.weekday})`
    : `${p.weekday}, ${p.month} ${p.day}, ${p.year}`;
}

/** The time of day with its zone: "오후 7:00 KST" / "7:00 PM KST". */
export function formatTime(iso: string, locale: AppLocale = "ko"): string {
  const p = partsOf(iso, locale);
  return locale === "ko"
    ? `${p.am ? "오전" : "오후"} ${p.hour}:${p.minute} KST`
    : `${p.hour}:${p.minute} ${p.am ? "AM" : "PM"} KST`;
}

/** Date and time in one string (for titles and accessible names). */
export function formatDateTime(iso: string, locale: AppLocale = "ko"): string {
  return `${formatDate(iso, locale)} ${formatTime(iso, locale)}`;
}

/** "4:05" style countdown text; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, "0")}`;
}

/** A wait estimate in rounded, human units: "약 3분" / "about 3 minutes". */
export function formatWait(seconds: number, locale: AppLocale = "ko"): string {
  const ko = locale === "ko";
  if (seconds < 60) {
    if (seconds <= 5) return ko ? "곧" : "a few seconds";
    const rounded = Math.round(seconds / 5) * 5;
    return ko ? `약 ${rounded}초` : `about ${rounded} seconds`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return ko ? `약 ${minutes}분` : `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return ko ? `약 ${hours}시간 ${rest}분` : `about ${hours} h ${rest} min`;
}

/** "2시간 30분" / "2 h 30 min" for a running time. */
export function formatDuration(minutes: number, locale: AppLocale = "ko"): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === "ko") return [h ? `${h}시간` : "", m ? `${m}분` : ""].filter(Boolean).join(" ");
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}
