import { ApiError, kindOfBody } from "./api-error";
import { noteServerDate } from "./server-clock";

type ApiRequest = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** The waiting-room token, sent as `Authorization: Bearer` (endpoints 3-7). */
  queueToken?: string;
  /** Makes a retried POST safe: the server replays the first response instead of acting twice. */
  idempotencyKey?: string;
  /** The ETag of the copy the caller has: an unchanged resource answers 304 with no body (data undefined). */
  ifNoneMatch?: string;
  signal?: AbortSignal;
};

type ApiResponse<T> = { data: T; status: number; headers: Headers };

/**
 * The one way the browser calls our API: same-origin, the session cookie rides along, and any failure
 * (network, non-2xx, non-JSON) becomes an ApiError carrying the server's {code, message, detail}.
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  if (request.queueToken) headers.Authorization = `Bearer ${request.queueToken}`;
  if (request.idempotencyKey) headers["Idempotency-Key"] = request.idempotencyKey;
  if (request.ifNoneMatch) headers["If-None-Match"] = request.ifNoneMatch;
  const sentAt = Date.now();
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method ?? "GET",
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: request.signal,
    });
  } catch (error) {
    if ((error as Error)?.name === "AbortError") throw error;
    throw new ApiError({ status: 0, kind: "network_error", message: "network error" });
  }
  noteServerDate(response.headers.get("date"), sentAt, Date.now());
  if (response.status === 304) return { data: undefined as T, status: 304, headers: response.headers };
  const payload = await readJson(response);
  if (!response.ok) {
    const envelope = payload as { message?: unknown; detail?: unknown } | undefined;
    throw new ApiError({
      status: response.status,
      kind: kindOfBody(payload, response.status),
      message: typeof envelope?.message === "string" ? envelope.message : response.statusText || "request failed",
      detail: typeof envelope?.detail === "string" ? envelope.detail : undefined,
      retryAfterSeconds: retryAfterSeconds(response.headers),
    });
  }
  return { data: payload as T, status: response.status, headers: response.headers };
}

/** Shorthand when only the body matters. */
export async function apiJson<T>(path: string, request?: ApiRequest): Promise<T> {
  return (await apiFetch<T>(path, request)).data;
}

/** The Retry-After header in seconds (delta form; an HTTP date is converted), or undefined. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    if (response.ok) {
      throw new ApiError({ status: 502, kind: "unexpected_response", message: "unexpected response from the server" });
    }
    return undefined;
  }
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
