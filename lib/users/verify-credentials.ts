import "server-only";
import { prisma } from "../db/prisma";
import { hashPassword, verifyPassword } from "../auth/password";
import { signInSchema } from "./user-schemas";

// Compared against when the email is unknown, so both cases take the same time.
let dummyHash: Promise<string> | undefined;

export async function verifyCredentials(raw: unknown): Promise<{ id: number; email: string; name: string } | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = await prisma.user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(
    parsed.data.password,
    user?.passwordHash ?? (await (dummyHash ??= hashPassword("not-a-password"))),
  );
  return user && ok ? { id: user.id, email: user.email, name: user.name } : null;
}
