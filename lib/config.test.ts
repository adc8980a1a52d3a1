import { afterEach, describe, expect, it } from "vitest";
import { authSecret, config, resetConfigForTests } from "./config";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
});

describe("config", () => {
  it("applies the documented defaults", () => {
    for (const k of [
      "QUEUE_ACTIVE_CAPACITY",
      "RESERVATION_HOLD_SECONDS",
      "QUEUE_ADMIT_PER_SECOND",
      "MAX_HOLDS_PER_USER",
    ])
      delete process.env[k];
    resetConfigForTests();
    expect(config()).toMatchObject({
      QUEUE_ACTIVE_CAPACITY: 100,
      RESERVATION_HOLD_SECONDS: 300,
      MAX_HOLDS_PER_USER: 4,
    });
    expect(config().QUEUE_ADMIT_PER_SECOND).toBeUndefined();
  });

  it("reads numbers and treats an empty value as unset", () => {
    process.env.QUEUE_ACTIVE_CAPACITY = "7";
    process.env.QUEUE_ADMIT_PER_SECOND = "";
    resetConfigForTests();
    expect(config().QUEUE_ACTIVE_CAPACITY).toBe(7);
    expect(config().QUEUE_ADMIT_PER_SECOND).toBeUndefined();
  });

  it("names every invalid variable", () => {
    process.env.QUEUE_ACTIVE_CAPACITY = "zero";
    process.env.DATABASE_URL = "not a url";
    resetConfigForTests();
    expect(() => config()).toThrow(/QUEUE_ACTIVE_CAPACITY[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*QUEUE_ACTIVE_CAPACITY/);
  });

  it("refuses to run production without a secret", () => {
    delete process.env.AUTH_SECRET;
    (process.env as Record<string, string>).NODE_ENV = "production";
    resetConfigForTests();
    expect(() => authSecret()).toThrow(/AUTH_SECRET/);
  });
});
