import "server-only";
import { isAdminEmail } from "../config";
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
  if (!user || !ok) return null;
  // ADMIN_EMAILS names admins "from sign-up or next sign-in on": an account listed later is promoted here.
  if (user.role !== "ADMIN" && isAdminEmail(user.email)) {
    await prisma.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
  }
  return { id: user.id, email: user.email, name: user.name };
}
