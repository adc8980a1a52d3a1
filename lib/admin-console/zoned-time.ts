// The organizer types sale times as wall-clock times in their own time zone (a <input type="datetime-local">
// value plus an IANA zone); the API stores and returns UTC instants. Pure functions (browser and server alike),
// using only Intl, so no time-zone database ships with the page.

/** The zone's offset from UTC, in minutes, at an instant ("Asia/Seoul" -> 540). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-12-01T10:00" in `timeZone` -> the UTC instant, or null for a malformed value. A wall time that a
 * daylight-saving jump skips is read as the same distance after the jump (02:30 -> 03:30); one that occurs
 * twice, as the first.
 */
export function zonedToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  // Two passes settle on the offset in force at the answer (at most one DST change lies between).
  const first = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  const second = wall - zoneOffsetMinutes(new Date(first), timeZone) * 60_000;
  if (second + zoneOffsetMinutes(new Date(second), timeZone) * 60_000 === wall) return new Date(second);
  // No instant shows this wall time (a spring-forward gap): the clock a moment later, as Temporal does.
  return new Date(Math.max(first, second));
}

/** A UTC instant as the value of a datetime-local input in `timeZone` ("2026-12-01T10:00:05"). */
export function utcToZonedInput(instant: Date | string, timeZone: string): string {
  const at = typeof instant === "string" ? new Date(instant) : instant;
  const shifted = new Date(Math.floor(at.getTime() / 1000) * 1000 + zoneOffsetMinutes(at, timeZone) * 60_000);
  const iso = shifted.toISOString();
  return iso.endsWith(":00.000Z") ? iso.slice(0, 16) : iso.slice(0, 19);
}

/** "HH:mm" (or "HH:mm:ss" when the seconds matter) of an instant in `timeZone`, for plain sentences. */
export function zonedClock(instant: Date | string, timeZone: string): string {
  return utcToZonedInput(instant, timeZone).slice(11);
}

/** "2026-12-01" of an instant in `timeZone`. */
export function zonedDay(instant: Date | string, timeZone: string): string {
  return utcToZonedInput(instant, timeZone).slice(0, 10);
}

/** Whether the runtime knows the zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zones offered first; any IANA name can be typed. */
export const COMMON_TIME_ZONES = [
  "Asia/Seoul",
  "Asia/Tokyo",
  "Asia/Shanghai",
  "Asia/Singapore",
  "Europe/London",
  "Europe/Paris",
  "America/New_York",
  "America/Los_Angeles",
  "UTC",
] as const;
