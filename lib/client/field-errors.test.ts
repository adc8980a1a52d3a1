import { describe, expect, it } from "vitest";
import { signUpSchema } from "../users/user-schemas";
import { fieldErrors, fieldFromDetail } from "./field-errors";

const FIELDS = ["name", "email", "password"] as const;

describe("field errors", () => {
  it("puts the sign-up schema's first message per field next to that field", () => {
    const parsed = signUpSchema.safeParse({ name: "", email: "nope", password: "short" });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error!, FIELDS)).toEqual({
      name: "Enter your name.",
      email: "Enter a valid email address.",
      password: "Use at least 8 characters.",
    });
  });

  it("maps the API's 400 detail to its field, and ignores anything else", () => {
    expect(fieldFromDetail("body.email: enter a valid email address", FIELDS)).toEqual({
      email: "Enter a valid email address.",
    });
    expect(fieldFromDetail("body.other: x", FIELDS)).toEqual({});
    expect(fieldFromDetail(undefined, FIELDS)).toEqual({});
  });
});
