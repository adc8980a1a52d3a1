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

  it("defaults the limits against abuse and the ACTIVE hard cap (ONSALE.md)", () => {
    for (const k of Object.keys(process.env))
      if (k.startsWith("RATE_LIMIT") || k === "TRUSTED_PROXIES") delete process.env[k];
    delete process.env.QUEUE_ACTIVE_MAX_SECONDS;
    delete process.env.REDIS_URL;
    resetConfigForTests();
    expect(config()).toMatchObject({
      QUEUE_ACTIVE_MAX_SECONDS: 900,
      RATE_LIMITS: "on",
      TRUSTED_PROXIES: "",
      RATE_LIMIT_SIGNUPS_PER_HOUR: 30,
      RATE_LIMIT_FAILED_SIGNINS: 10,
      RATE_LIMIT_FAILED_SIGNIN_WINDOW_SECONDS: 900,
      RATE_LIMIT_QUEUE_JOINS_PER_MINUTE: 30,
      RATE_LIMIT_API_KEY_PER_SECOND: 100,
      RATE_LIMIT_API_KEY_BURST: 300,
    });
    expect(config().REDIS_URL).toBeUndefined();
  });

  it.each([
    ["RATE_LIMITS", "maybe"],
    ["TRUSTED_PROXIES", "10.0.0.0/33"],
    ["TRUSTED_PROXIES", "proxy.internal"],
    ["QUEUE_ACTIVE_MAX_SECONDS", "60"],
    ["REDIS_URL", "not a url"],
  ])("refuses %s=%s", (name, value) => {
    process.env[name] = value;
    resetConfigForTests();
    expect(() => config()).toThrow(new RegExp(name));
  });

  it("reads RATE_LIMITS=off in any case and a list of trusted proxies", () => {
    process.env.RATE_LIMITS = "OFF";
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, ::1,192.168.1.7";
    resetConfigForTests();
    expect(config()).toMatchObject({ RATE_LIMITS: "off", TRUSTED_PROXIES: "10.0.0.0/8, ::1,192.168.1.7" });
  });

  it("refuses to run production without a secret", () => {
    delete process.env.AUTH_SECRET;
    (process.env as Record<string, string>).NODE_ENV = "production";
    resetConfigForTests();
    expect(() => authSecret()).toThrow(/AUTH_SECRET/);
  });
});
