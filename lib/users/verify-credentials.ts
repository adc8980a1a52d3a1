import "server-only";
import { isAdminEmail } from "../config";
import { prisma } from "../db/prisma";
import { hashPassword, passwordNeedsRehash, verifyPassword } from "../auth/password";
import { signInSchema } from "./user-schemas";
import { logger } from "../observability/logger";

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
  // A hash from before argon2id (bcrypt) is replaced now that we hold the password; only if it is still the
  // one we checked, so a password changed meanwhile is never overwritten. Failure only delays the upgrade.
  if (passwordNeedsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(parsed.data.password);
    await prisma.user
      .updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } })
      .catch((error: unknown) => logger.warn({ err: error }, "sign-in: could not upgrade a password hash"));
  }
  return { id: user.id, email: user.email, name: user.name };
}
