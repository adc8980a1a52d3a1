import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";
import { requireIdentity, type Identity } from "./resolve-identity";

/**
 * The gate of /api/admin/**, in the contract's order: `authenticate` an identity (401), the wrapper validates
 * the input (400), then `authorize` reads the role from the database on every request (403 for a fan), so a
 * revoked admin loses access at once.
 */
export const adminGate = {
  authenticate: (req: Request): Promise<Identity> => requireIdentity(req),
  authorize: async ({ auth }: { auth: Identity }): Promise<void> => {
    const user = await prisma.user.findUnique({ where: { id: auth.userId }, select: { role: true } });
    if (user?.role !== "ADMIN") throw new AppError("forbidden", "admins only");
  },
};
