import { z } from "zod";

// IDs are positive integers that fit the database's int4 columns; anything else is a 400.
export const MAX_ID = 2_147_483_647;

/** An id in a path segment: digits only, no sign, no leading zero, no fraction. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "must be a positive integer")
  .transform(Number)
  .refine((n) => n <= MAX_ID, "is too large")
  .meta({ type: "integer", minimum: 1, maximum: MAX_ID });

/** An id in a JSON body: a JSON number, integer, 1..MAX_ID (strings are not coerced). */
export const idField = z.number().int().min(1).max(MAX_ID);

export const errorBodySchema = z
  .object({
    code: z.number().int().meta({ description: "The HTTP status, repeated" }),
    message: z.string(),
    detail: z.string().optional(),
  })
  .meta({ id: "Error" });

export const isoDate = z.string().meta({ format: "date-time", example: "2026-10-10T10:00:00.000Z" });
