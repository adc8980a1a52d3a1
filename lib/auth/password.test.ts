import { performance } from "node:perf_hooks";
import { hashSync as bcryptHashSync } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import { hashPassword, passwordNeedsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id (PHC string, per-hash salt) and verifies", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("wrong horse", a)).toBe(false);
    expect(passwordNeedsRehash(a)).toBe(false);
  });

  it("still accepts the bcrypt hashes stored before, and asks for them to be rehashed", async () => {
    const legacy = bcryptHashSync("password123", 4);
    expect(await verifyPassword("password123", legacy)).toBe(true);
    expect(await verifyPassword("password124", legacy)).toBe(false);
    expect(passwordNeedsRehash(legacy)).toBe(true);
  });

  it("refuses what is not a hash at all (a placeholder) instead of throwing", async () => {
    expect(await verifyPassword("x", "x")).toBe(false);
    expect(await verifyPassword("x", "")).toBe(false);
  });

  // The point of the native hash: the work runs on libuv's thread pool, so the event loop stays free to answer
  // other requests. Event-loop utilisation (the share of wall time the loop was busy) is ~1 with a JavaScript
  // hash and stays low with a native one, however loaded the machine is.
  it("keeps the event loop mostly idle while 8 hashes and 16 verifications (argon2id and bcrypt cost 10) run", async () => {
    const stored = await hashPassword("password123");
    const legacy = bcryptHashSync("password123", 10);
    const before = performance.eventLoopUtilization();
    await Promise.all([
      ...Array.from({ length: 8 }, () => hashPassword("password123")),
      ...Array.from({ length: 8 }, () => verifyPassword("wrong", stored)),
      ...Array.from({ length: 8 }, () => verifyPassword("wrong", legacy)),
    ]);
    const used = performance.eventLoopUtilization(before);
    expect(used.utilization).toBeLessThan(0.5);
  });
});
