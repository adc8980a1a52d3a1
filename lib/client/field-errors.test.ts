import { describe, expect, it } from "vitest";
import { signUpSchema } from "../users/user-schemas";
import { fieldFromDetail, fieldProblems } from "./field-errors";

const FIELDS = ["name", "email", "password"] as const;

describe("field errors", () => {
  it("finds the sign-up schema's first problem per field, in no particular language", () => {
    const parsed = signUpSchema.safeParse({ name: "", email: "nope", password: "short" });
    expect(parsed.success).toBe(false);
    expect(fieldProblems(parsed.error!, FIELDS)).toEqual({ name: "required", email: "invalid", password: "tooShort" });
    const long = signUpSchema.safeParse({ name: "n".repeat(51), email: "a@b.co", password: "x".repeat(73) });
    expect(fieldProblems(long.error!, FIELDS)).toEqual({ name: "tooLong", password: "tooLong" });
  });

  it("maps the API's 400 detail to its field, and ignores anything else", () => {
    expect(fieldFromDetail("body.email: enter a valid email address", FIELDS)).toBe("email");
    expect(fieldFromDetail("body.other: x", FIELDS)).toBeUndefined();
    expect(fieldFromDetail(undefined, FIELDS)).toBeUndefined();
  });
});
