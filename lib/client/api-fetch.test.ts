import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, describeError, hasErrorKind } from "./api-error";
import { apiFetch, retryAfterSeconds } from "./api-fetch";

// The browser's fetch is replaced by a canned Response: this is about turning the wire into ApiError.
function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers })),
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch", () => {
  it("returns the parsed body and headers on success, sending token and idempotency key", async () => {
    respond(200, { ok: 1 }, { "retry-after": "3" });
    const result = await apiFetch<{ ok: number }>("/api/x", {
      method: "POST",
      body: { a: 1 },
      queueToken: "qt",
      idempotencyKey: "k1",
    });
    expect(result.data).toEqual({ ok: 1 });
    expect(retryAfterSeconds(result.headers)).toBe(3);
    const [, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(init?.headers).toMatchObject({
      Authorization: "Bearer qt",
      "Idempotency-Key": "k1",
      "Content-Type": "application/json",
    });
    expect(init?.body).toBe('{"a":1}');
  });

  it("turns the {code, message, detail} envelope into an ApiError", async () => {
    respond(400, { code: 400, message: "reservation failed", error: "seat_unavailable", detail: "seat unavailable" });
    const error = (await apiFetch("/api/x").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.kind).toBe("seat_unavailable");
    expect(hasErrorKind(error, "hold_limit", "seat_unavailable")).toBe(true);
    expect(hasErrorKind(error, "hold_limit")).toBe(false);
    expect(error.detail).toBe("seat unavailable");
    expect(error.isTransient).toBe(false);
  });

  it("reports a network failure as status 0, worth retrying", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const error = (await apiFetch("/api/x").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.isTransient).toBe(true);
    expect(describeError(error)).toMatch(/could not reach the server/);
  });

  it("copes with an error page that is not JSON", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" })),
    );
    const error = (await apiFetch("/api/x").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(describeError(error)).toMatch(/on our side/);
  });

  it("sends If-None-Match and hands back a 304 as no data, not an error", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 304, headers: { etag: '"v1"' } })),
    );
    const result = await apiFetch("/api/x", { ifNoneMatch: '"v1"' });
    expect(result.status).toBe(304);
    expect(result.data).toBeUndefined();
    const [, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(init?.headers).toMatchObject({ "If-None-Match": '"v1"' });
  });

  it("keeps Retry-After on throttled responses", async () => {
    respond(429, { code: 429, message: "too many requests" }, { "retry-after": "7" });
    const error = (await apiFetch("/api/x").catch((e: unknown) => e)) as ApiError;
    expect(error.retryAfterSeconds).toBe(7);
  });
});
