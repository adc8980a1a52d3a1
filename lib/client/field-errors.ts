import type { z } from "zod";

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** What went wrong with a field, independent of language: the page turns it into a sentence. */
export type FieldProblem = "required" | "invalid" | "tooShort" | "tooLong";

/** The first problem per field of a failed zod parse (an empty text counts as required). */
export function fieldProblems<K extends string>(
  error: z.ZodError,
  fields: readonly K[],
): Partial<Record<K, FieldProblem>> {
  const out: Partial<Record<K, FieldProblem>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string" || !(fields as readonly string[]).includes(field) || out[field as K]) continue;
    out[field as K] =
      issue.code === "too_small"
        ? issue.minimum === 1
          ? "required"
          : "tooShort"
        : issue.code === "too_big"
          ? "tooLong"
          : "invalid";
  }
  return out;
}

/** The field an API 400 names in its detail ("body.email: enter a valid email address"), if one of ours. */
export function fieldFromDetail<K extends string>(detail: string | undefined, fields: readonly K[]): K | undefined {
  const field = /^body\.([a-zA-Z]+): /.exec(detail ?? "")?.[1];
  return field !== undefined && (fields as readonly string[]).includes(field) ? (field as K) : undefined;
}
