import { describe, expect, it } from "vitest";
import { AppError } from "../http/app-error";
import { parseIdempotencyKey, requestFingerprint } from "./run-idempotent";

describe("requestFingerprint", () => {
  it("ignores the order of object keys and undefined fields, at any depth", () => {
    const a = requestFingerprint("POST", "/api/x", { b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined });
    const b = requestFingerprint("post", "/api/x", { a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("tells apart method, path, values, types and array order", () => {
    const base = requestFingerprint("POST", "/api/balance/users/1/charge", { amount: 100 });
    const variants = [
      requestFingerprint("PUT", "/api/balance/users/1/charge", { amount: 100 }),
      requestFingerprint("POST", "/api/balance/users/2/charge", { amount: 100 }),
      requestFingerprint("POST", "/api/balance/users/1/charge", { amount: 101 }),
      requestFingerprint("POST", "/api/balance/users/1/charge", { amount: "100" }),
      requestFingerprint("POST", "/api/balance/users/1/charge", { amount: 100, note: "x" }),
      requestFingerprint("POST", "/api/balance/users/1/charge", [100]),
      requestFingerprint("POST", "/api/balance/users/1/charge", undefined),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    expect(requestFingerprint("POST", "/p", [1, 2])).not.toBe(requestFingerprint("POST", "/p", [2, 1]));
  });
});

describe("parseIdempotencyKey", () => {
  it.each(["a", "order-1", "k".repeat(255), "with inner space", "~!@#$%^&*()_+{}|:<>?"])("accepts %j", (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each(["", "k".repeat(256), "tab\there", "newline\n", "ключ", "emoji 🎫", "\u0000"])(
    "refuses %j with a 400",
    (key) => {
      expect(() => parseIdempotencyKey(key)).toThrow(AppError);
      try {
        parseIdempotencyKey(key);
      } catch (error) {
        expect((error as AppError).status).toBe(400);
      }
    },
  );
});
