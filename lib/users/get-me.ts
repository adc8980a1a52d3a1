import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import type { MeBody } from "./user-schemas";

/** GET /api/me: the caller's own account, in one read. */
export async function getMe(userId: number): Promise<MeBody> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, balance: true, role: true },
  });
  if (!user) throw new AppError("user_not_found");
  return user;
}
