import { zonedToUtc } from "./zoned-time";

// The concert form's state as typed (strings, wall times in the organizer's zone) and its checks, so errors
// show beside their fields before anything is sent. The server checks the same rules again (ONSALE.md); a
// refusal it names by path ("body.schedules.0.sections.1.price: ...") lands on the same field.

export type SectionDraft = { key: string; name: string; price: string; seats: string };
export type ScheduleDraft = { key: string; concertAt: string; reservationAt: string; sections: SectionDraft[] };

export type DraftProblem =
  | "required"
  | "priceMin"
  | "priceMax"
  | "seatsMin"
  | "seatsMax"
  | "duplicate"
  | "badTime"
  | "reservationAfter"
  | "pastConcert"
  | "tooLong";

/** Problems by field path: "name", "schedules.0.concertAt", "schedules.0.sections.1.price", ... */
export type DraftErrors = Record<string, DraftProblem | string>;

export const MAX_SEATS = 2_000;
const MAX_PRICE = 10_000_000;

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function newSection(name = "", price = "", seats = ""): SectionDraft {
  return { key: newKey(), name, price, seats };
}

const WHOLE = /^\s*\d+\s*$/;

/** The sections as the API takes them, or the problems per field (paths under `prefix`). */
export function checkSections(
  sections: SectionDraft[],
  prefix: string,
): { errors: DraftErrors; value: { name: string; price: number; seats: number }[] } {
  const errors: DraftErrors = {};
  const names = new Set<string>();
  let total = 0;
  const value = sections.map((s, i) => {
    const at = `${prefix}${i}.`;
    const name = s.name.trim();
    if (!name) errors[`${at}name`] = "required";
    else if (name.length > 50) errors[`${at}name`] = "tooLong";
    else if (names.has(name)) errors[`${at}name`] = "duplicate";
    names.add(name);
    const price = WHOLE.test(s.price) ? Number(s.price) : NaN;
    if (!s.price.trim()) errors[`${at}price`] = "required";
    else if (!(price >= 1)) errors[`${at}price`] = "priceMin";
    else if (price > MAX_PRICE) errors[`${at}price`] = "priceMax";
    const seats = WHOLE.test(s.seats) ? Number(s.seats) : NaN;
    if (!s.seats.trim()) errors[`${at}seats`] = "required";
    else if (!(seats >= 1)) errors[`${at}seats`] = "seatsMin";
    else if (seats > MAX_SEATS) errors[`${at}seats`] = "seatsMax";
    else total += seats;
    return { name, price, seats };
  });
  if (total > MAX_SEATS) {
    // The last section that pushed the schedule over the limit carries the message.
    errors[`${prefix}${sections.length - 1}.seats`] = "seatsMax";
  }
  return { errors, value };
}

/** One schedule as the API takes it (UTC instants), or its problems (paths under `prefix`). */
export function checkSchedule(
  schedule: ScheduleDraft,
  prefix: string,
  timeZone: string,
  now: Date,
): {
  errors: DraftErrors;
  value: { concertAt: string; reservationAt: string; sections: ReturnType<typeof checkSections>["value"] };
} {
  const errors: DraftErrors = {};
  const concertAt = zonedToUtc(schedule.concertAt, timeZone);
  const reservationAt = zonedToUtc(schedule.reservationAt, timeZone);
  if (!concertAt) errors[`${prefix}concertAt`] = "badTime";
  else if (concertAt <= now) errors[`${prefix}concertAt`] = "pastConcert";
  if (!reservationAt) errors[`${prefix}reservationAt`] = "badTime";
  else if (concertAt && reservationAt > concertAt) errors[`${prefix}reservationAt`] = "reservationAfter";
  const sections = checkSections(schedule.sections, `${prefix}sections.`);
  return {
    errors: { ...errors, ...sections.errors },
    value: {
      concertAt: concertAt?.toISOString() ?? "",
      reservationAt: reservationAt?.toISOString() ?? "",
      sections: sections.value,
    },
  };
}

/** Seat numbers 1..N through the sections in order, each with its section's name and price. */
export function layoutSeats(sections: { name: string; price: number; seats: number }[], limit = Infinity) {
  const seats: { number: number; section: string; price: number }[] = [];
  let number = 0;
  for (const s of sections) {
    for (let i = 0; i < s.seats; i++) {
      number += 1;
      if (seats.length < limit) seats.push({ number, section: s.name, price: s.price });
    }
  }
  return { seats, total: number };
}

/** "body.schedules.0.sections.1.price: must be at least 1" -> ["schedules.0.sections.1.price", "must be ..."]. */
export function fieldOfDetail(detail: string | undefined): [string, string] | null {
  const match = /^body\.([\w.]+): (.+)$/.exec(detail ?? "");
  return match ? [match[1]!, match[2]!] : null;
}
