import type { z } from "zod";

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** The first message per field of a failed zod parse, sentence-cased for display. */
export function fieldErrors<K extends string>(error: z.ZodError, fields: readonly K[]): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && (fields as readonly string[]).includes(field) && !out[field as K]) {
      out[field as K] = sentence(issue.message);
    }
  }
  return out;
}

/** Maps the API's 400 detail ("body.email: enter a valid email address") to its field. */
export function fieldFromDetail<K extends string>(detail: string | undefined, fields: readonly K[]): FieldErrors<K> {
  const match = /^body\.([a-zA-Z]+): (.+)$/.exec(detail ?? "");
  const [, field, message] = match ?? [];
  if (field === undefined || message === undefined || !(fields as readonly string[]).includes(field)) return {};
  return { [field]: sentence(message) } as FieldErrors<K>;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return first.endsWith(".") ? first : `${first}.`;
}
