import "server-only";
import { prisma } from "../db/prisma";
import { getFanSession, requireFanPage, userIdFromSession } from "./server-session";

/**
 * For /admin/** pages: anonymous visitors go to sign-in (and come back), a signed-in fan gets "forbidden" (the
 * page shows its 403 notice), an admin gets their id. The role is read from the database on every request, as the
 * API does (lib/auth/require-admin.ts), so a revoked admin loses the page at once.
 */
export async function requireAdminPage(returnTo: string): Promise<{ userId: number } | "forbidden"> {
  const userId = await requireFanPage(returnTo);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { role: true } });
  return user?.role === "ADMIN" ? { userId } : "forbidden";
}

/** Whether the visitor is an admin right now (the console's menu shows only to them); never redirects. */
export async function isAdminVisitor(): Promise<boolean> {
  const userId = userIdFromSession(await getFanSession());
  if (userId === null) return false;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { role: true } });
  return user?.role === "ADMIN";
}
