import { describe, expect, it } from "vitest";
import {
  effectiveStatus,
  estimateWaitSeconds,
  idleDeadline,
  observedAdmissionRate,
  queuePosition,
  refreshGapSeconds,
  retryAfterSeconds,
  rollWindow,
  tickDue,
} from "./queue-rules";

const t0 = new Date("2026-10-10T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("expiry", () => {
  it("reads a live token EXPIRED from the instant its deadline passes, without any write", () => {
    expect(effectiveStatus("WAIT", at(10), at(9.999))).toBe("WAIT");
    expect(effectiveStatus("WAIT", at(10), at(10))).toBe("EXPIRED");
    expect(effectiveStatus("ACTIVE", at(300), at(299))).toBe("ACTIVE");
    expect(effectiveStatus("ACTIVE", at(300), at(301))).toBe("EXPIRED");
    expect(effectiveStatus("EXPIRED", at(300), at(0))).toBe("EXPIRED");
  });

  it("puts the idle deadline one idle timeout after the last sign of life, refreshed only when it moves a few seconds", () => {
    expect(idleDeadline(at(0), 300)).toEqual(at(300));
    expect(refreshGapSeconds(300)).toBe(5);
    expect(refreshGapSeconds(20)).toBe(2);
    expect(refreshGapSeconds(5)).toBe(0);
  });
});

describe("position", () => {
  it("is 1 + the earlier join numbers that have not left the line", () => {
    expect(queuePosition(1, 0)).toBe(1);
    expect(queuePosition(10, 0)).toBe(10);
    expect(queuePosition(10, 9)).toBe(1);
    expect(queuePosition(100_000, 40_000)).toBe(60_000);
    expect(queuePosition(5, 7)).toBe(1); // never below 1, whatever the counters say
  });
});

describe("observed admission rate and ETA", () => {
  const empty = { startedAt: null, count: 0, previousCount: 0 };

  it("has no estimate before any admission", () => {
    expect(observedAdmissionRate(empty, at(0))).toBeNull();
    expect(estimateWaitSeconds(10, null, false)).toBeNull();
  });

  it("uses the admissions of the last window, fading the previous bucket out", () => {
    const window = { startedAt: at(0), count: 60, previousCount: 0 };
    expect(observedAdmissionRate(window, at(30), 120)).toBeCloseTo(0.5);
    // Half-way through the next window: the 60 of the previous bucket count half.
    const rolled = rollWindow(window, at(180), 120);
    expect(rolled).toEqual({ startedAt: at(120), count: 0, previousCount: 60 });
    expect(observedAdmissionRate(window, at(180), 120)).toBeCloseTo(30 / 120);
    // Two windows later nothing recent is left: no estimate rather than a stale one.
    expect(rollWindow(window, at(250), 120)).toEqual({ startedAt: at(240), count: 0, previousCount: 0 });
    expect(observedAdmissionRate(window, at(250), 120)).toBeNull();
  });

  it("estimates whole seconds from the rate, and nothing while paused", () => {
    expect(estimateWaitSeconds(10, 2, false)).toBe(5);
    expect(estimateWaitSeconds(11, 2, false)).toBe(6);
    expect(estimateWaitSeconds(1_000, 0.5, false)).toBe(2_000);
    expect(estimateWaitSeconds(10, 2, true)).toBeNull();
  });
});

describe("Retry-After policy", () => {
  const wait = (position: number, estimatedWaitSeconds: number | null = null, idleTimeoutSeconds = 300) =>
    retryAfterSeconds({
      status: "WAIT",
      position,
      estimatedWaitSeconds,
      expiresAt: at(300),
      now: at(0),
      idleTimeoutSeconds,
    });

  it("asks fans near the front to poll often and fans far back rarely", () => {
    expect(wait(1)).toBe(2);
    expect(wait(10)).toBe(2);
    expect(wait(50)).toBe(5);
    expect(wait(500)).toBe(10);
    expect(wait(5_000)).toBe(20);
    expect(wait(100_000)).toBe(30);
    const seconds = [1, 10, 11, 100, 101, 1_000, 1_001, 10_000, 10_001, 1e6].map((p) => wait(p));
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b)); // never shorter further back
  });

  it("polls at least twice within the estimated wait, never under 2 s", () => {
    expect(wait(100_000, 20)).toBe(10);
    expect(wait(5_000, 3)).toBe(2);
    expect(wait(5_000, 1_000)).toBe(20);
  });

  it("never outlasts a third of the idle timeout, so a polling fan keeps their place", () => {
    expect(wait(100_000, null, 30)).toBe(10);
    expect(wait(1, null, 3)).toBe(1);
  });

  it("tells an ACTIVE fan when the token ends and an EXPIRED one to stop", () => {
    const base = { position: 0, estimatedWaitSeconds: null, now: at(0), idleTimeoutSeconds: 300 };
    expect(retryAfterSeconds({ ...base, status: "ACTIVE", expiresAt: at(7.2) })).toBe(8);
    expect(retryAfterSeconds({ ...base, status: "ACTIVE", expiresAt: at(250) })).toBe(30);
    expect(retryAfterSeconds({ ...base, status: "ACTIVE", expiresAt: at(-1) })).toBe(1);
    expect(retryAfterSeconds({ ...base, status: "EXPIRED", expiresAt: at(-1) })).toBe(30);
  });
});

describe("admission tick pacing", () => {
  it("ticks from requests at most once a second", () => {
    expect(tickDue(null, at(0))).toBe(true);
    expect(tickDue(at(0), at(0.999))).toBe(false);
    expect(tickDue(at(0), at(1))).toBe(true);
  });
});
