import { describe, expect, it } from "vitest";
import { requestIdOf } from "./request-id";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  it("keeps the id a trusted proxy sent", () => {
    expect(requestIdOf({ "x-request-id": "7F000001:C3A2_7F000001:1F90_6764C2B1_0001:1D2C" }, true)).toBe(
      "7F000001:C3A2_7F000001:1F90_6764C2B1_0001:1D2C",
    );
  });

  it("generates one when a client sent it directly, or sent none", () => {
    const forged = requestIdOf({ "x-request-id": "someone-elses-id" }, false);
    expect(forged).toMatch(uuid);
    expect(requestIdOf({}, true)).toMatch(uuid);
    expect(requestIdOf({}, true)).not.toBe(requestIdOf({}, true));
  });

  it("replaces a value that is not a plain token", () => {
    for (const bad of ["", "a b", "x".repeat(129), "line\nbreak", '{"json":1}', "ünïcode"]) {
      expect(requestIdOf({ "x-request-id": bad }, true)).toMatch(uuid);
    }
  });
});
