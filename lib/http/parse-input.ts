import type { z } from "zod";
import { AppError, type ErrorKind } from "./app-error";
import { readBodyText } from "./read-json-body";

export type Schema<T> = z.ZodType<T, unknown>;

/** Validates one part of a request (`path`, `query`, `body`); the 400 names the first bad field. */
export function parseInput<T>(
  schema: Schema<T> | undefined,
  value: unknown,
  where: string,
  error: ErrorKind = "bad_request",
): T | undefined {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : where;
  throw new AppError(error, `${where === path ? where : `${where}.${path}`}: ${issue?.message ?? "invalid"}`);
}

/**
 * A JSON body read and validated, or why not together with what was sent: a refused body is still a request
 * whose Idempotency-Key answer is recorded, and its fingerprint needs the bytes (or JSON value) it came with.
 */
export type BodyOutcome<B> =
  | { ok: true; value: B }
  | { ok: false; error: AppError; sent: { unreadable: string } | { text: string } | { json: unknown } };

export async function readBody<B>(req: Request, schema: Schema<B>, invalidBody?: ErrorKind): Promise<BodyOutcome<B>> {
  let text: string;
  try {
    text = await readBodyText(req);
  } catch (error) {
    // No body, the wrong type or too large: the refusal's kind is all there is to tell such requests apart.
    if (error instanceof AppError) return { ok: false, error, sent: { unreadable: error.kind } };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: new AppError("malformed_json"), sent: { text } };
  }
  try {
    return { ok: true, value: parseInput(schema, json, "body", invalidBody) as B };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error, sent: { json } };
    throw error;
  }
}
