import { describe, expect, it } from "vitest";
import { decodeQueueToken, encodeQueueToken, tokenFromHeader } from "./queue-token-codec";

describe("queue token codec", () => {
  it("round-trips ids and always derives the same string", () => {
    for (const id of [1, 42, 2_147_483_647]) {
      const token = encodeQueueToken(id);
      expect(token).toMatch(/^qt_[A-Za-z0-9_-]{27}$/);
      expect(encodeQueueToken(id)).toBe(token);
      expect(decodeQueueToken(token)).toEqual({ kind: "ok", id });
    }
  });

  it("tells a forged token from a malformed one", () => {
    const token = encodeQueueToken(7);
    const flipped = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + token.at(-1);
    expect(decodeQueueToken(flipped)).toEqual({ kind: "forged" });
    expect(decodeQueueToken("qt_short")).toEqual({ kind: "malformed" });
    expect(decodeQueueToken("garbage")).toEqual({ kind: "malformed" });
    expect(decodeQueueToken(token + "x")).toEqual({ kind: "malformed" });
  });

  // 27 base64url characters carry 162 bits for 160 bits of token: the last character's two low bits are unused,
  // so four strings decode to the same bytes. Only the one the server issues is accepted.
  it("accepts only the canonical string: another last character with the same bytes is malformed", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (const id of [1, 7, 123_456]) {
      const token = encodeQueueToken(id);
      const last = alphabet.indexOf(token.at(-1)!);
      const siblings = [1, 2, 3].map((bits) => token.slice(0, -1) + alphabet[last ^ bits]);
      for (const sibling of siblings) {
        expect(Buffer.from(sibling.slice(3), "base64url")).toEqual(Buffer.from(token.slice(3), "base64url"));
        expect(decodeQueueToken(sibling)).toEqual({ kind: "malformed" });
      }
      expect(decodeQueueToken(token)).toEqual({ kind: "ok", id });
    }
  });

  it("reads bearer and bare Authorization headers", () => {
    expect(tokenFromHeader("Bearer abc")).toBe("abc");
    expect(tokenFromHeader("bearer  abc ")).toBe("abc");
    expect(tokenFromHeader("abc")).toBe("abc");
    expect(tokenFromHeader("")).toBeNull();
    expect(tokenFromHeader(null)).toBeNull();
  });
});
