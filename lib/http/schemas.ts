import { z } from "zod";
import "../shared/zod-config";
import { ERROR_KIND_NAMES, ERROR_KINDS } from "../shared/error-kinds";

// IDs are positive integers that fit the database's int4 columns; anything else is a 400.
const MAX_ID = 2_147_483_647;

/** An id in a path segment: digits only, no sign, no leading zero, no fraction. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "must be a positive integer")
  .transform(Number)
  .refine((n) => n <= MAX_ID, "is too large")
  .meta({ type: "integer", minimum: 1, maximum: MAX_ID });

/** An id in a JSON body: a JSON number, integer, 1..MAX_ID (strings are not coerced). */
export const idField = z.number().int().min(1).max(MAX_ID);

// C0 controls, DEL and C1 controls. Postgres cannot store NUL in a text column (SQLSTATE 22021, a 500 if it got
// that far), and none of them belongs in a name, a label or a password a person types.
const NO_CONTROL_CHARS = /^[^\u0000-\u001F\u007F-\u009F]*$/;
const NO_CONTROL_CHARS_MESSAGE = "must not contain control characters";

/** Text taken as typed (passwords): any character except control characters. Chain `.min()`/`.max()`. */
export function plainText() {
  return z.string().regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE);
}

/** One-line free text (names, labels): trimmed first, so stray edge whitespace is forgiven, then no control characters. */
export function lineText() {
  return z.string().trim().regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE);
}

export const errorBodySchema = z
  .object({
    code: z.number().int().meta({ description: "The HTTP status, repeated" }),
    message: z.string().meta({ description: "Human-readable; the original specification's text where it names one" }),
    error: z.enum(ERROR_KIND_NAMES).meta({
      id: "ErrorKind",
      description:
        "Machine-readable kind: switch on this, never on `message`. " +
        ERROR_KIND_NAMES.map((kind) => `\`${kind}\`: ${ERROR_KINDS[kind].description}.`).join(" "),
    }),
    detail: z.string().optional().meta({ description: "More about this failure (a field, a time, a sub-case)" }),
  })
  .meta({ id: "Error" });

export const isoDate = z.string().meta({ format: "date-time", example: "2026-10-10T10:00:00.000Z" });

/**
 * An instant a client sends (sale times, schedules): ISO 8601 with a time zone, read as a Date. Years before
 * 2000 are refused: nobody schedules a show then, and Postgres has no year 0 (a 500 otherwise).
 */
export const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone" })
  .transform((s) => new Date(s))
  .refine((d) => d.getUTCFullYear() >= 2000, "must be in the year 2000 or later")
  .meta({ type: "string", format: "date-time", example: "2026-12-24T10:00:00.000Z" });
