import { AppError } from "./app-error";

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body, refusing wrong content types, bodies over the limit and malformed JSON. */
export async function readJsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("malformed_json");
  }
}

/** The text of a JSON body: refuses a missing or empty body, another content type, or more than 64 KiB. */
export async function readBodyText(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new AppError("payload_too_large", `at most ${MAX_BODY_BYTES} bytes`);
  if (!req.body) throw new AppError("bad_request", "a JSON body is required");
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "send Content-Type: application/json");
  }
  const text = await readLimited(req.body, MAX_BODY_BYTES);
  if (text.trim() === "") throw new AppError("bad_request", "a JSON body is required");
  return text;
}

async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", `at most ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
