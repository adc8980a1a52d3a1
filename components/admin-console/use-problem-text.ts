"use client";

import { useTranslations } from "next-intl";
import type { DraftProblem } from "@/lib/admin-console/concert-draft";

const KNOWN: readonly DraftProblem[] = [
  "required",
  "priceMin",
  "priceMax",
  "seatsMin",
  "seatsMax",
  "duplicate",
  "badTime",
  "reservationAfter",
  "pastConcert",
  "tooLong",
];

/** A field's problem as a sentence: ours in the fan's language, or the server's own words for what it alone knows. */
export function useProblemText() {
  const t = useTranslations("admin.form");
  return (problem: string | undefined): string | undefined => {
    if (problem === undefined) return undefined;
    return (KNOWN as readonly string[]).includes(problem) ? t(problem as DraftProblem) : problem;
  };
}
