import "server-only";
import { isAdminEmail } from "../config";
import { isUniqueViolation } from "../db/pg-error";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { hashPassword } from "../auth/password";
import type { SignUpInput } from "./user-schemas";

export async function createUser(input: SignUpInput): Promise<{ userId: number }> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: isAdminEmail(input.email) ? "ADMIN" : "FAN" },
      select: { id: true },
    });
    return { userId: user.id };
  } catch (error) {
    // The unique index decides between two simultaneous sign-ups with one email.
    if (isUniqueViolation(error)) throw new AppError("email_taken");
    throw error;
  }
}
