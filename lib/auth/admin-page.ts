import "server-only";
import { prisma } from "../db/prisma";
import { requireFanPage } from "./server-session";

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
