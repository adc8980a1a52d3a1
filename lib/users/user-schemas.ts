import { z } from "zod";
import { lineText, plainText } from "../http/schemas";

// z.email() refuses control characters itself, with a clearer message than a generic text rule.
const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email("enter a valid email address"));

const passwordField = plainText()
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

export const userRoleSchema = z.enum(["FAN", "ADMIN"]).meta({ id: "UserRole" });

/** GET /api/me: who the credentials belong to, so a partner never has to be told its user id. */
export const meSchema = z
  .object({
    id: z.number().int().meta({ description: "Your user id: the `{userId}` of the other endpoints" }),
    email: z.string(),
    name: z.string(),
    role: userRoleSchema,
    balance: z.number().int().min(0).meta({ description: "Wallet balance in won (as endpoint 9 gives it)" }),
  })
  .meta({ id: "Me" });

export type MeBody = z.infer<typeof meSchema>;
