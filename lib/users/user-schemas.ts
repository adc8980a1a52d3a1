import { z } from "zod";
import { lineText, plainText } from "../http/schemas";

// z.email() refuses control characters itself, with a clearer message than a generic text rule.
export const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email("enter a valid email address"));

export const passwordField = plainText()
  .min(8, "use at least 8 characters")
  .max(72, "use at most 72 characters")
  // bcrypt (still used to verify hashes stored before argon2id) reads only the first 72 bytes, so a longer
  // multibyte password would be silently cut; the limit stays for those accounts.
  .refine((p) => new TextEncoder().encode(p).length <= 72, "use at most 72 bytes (fewer non-Latin characters)");

export const signUpSchema = z
  .strictObject({
    email: emailField,
    password: passwordField,
    name: lineText().min(1, "enter your name").max(50, "use at most 50 characters"),
  })
  .meta({ id: "SignUpRequest" });

export const signUpResponseSchema = z.object({ userId: z.number().int() }).meta({ id: "SignUpResponse" });

export const signInSchema = z.object({ email: emailField, password: z.string().min(1).max(72) });

export type SignUpInput = z.infer<typeof signUpSchema>;
