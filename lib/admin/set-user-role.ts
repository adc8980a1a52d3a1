import "server-only";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import type { AdminUser, UserRoleValue } from "./admin-schemas";
import { toAdminUser } from "./find-users";
import { recordAudit } from "./record-audit";

/** Advisory lock class of role changes (the queue's admission ticks use another). */
const ROLE_CHANGE_LOCK = 7_301;

/**
 * PUT /api/admin/users/{userId}/role: grants or revokes the admin role, in force from the user's next
 * request. There is always an admin left, even when admins revoke each other at the same moment: every role
 * change first locks all admins' rows (id order), then checks that the actor is still one of them and
 * counts them (docs/decisions/0021-organizer-api.md).
 */
export async function setUserRole(input: {
  userId: number;
  role: UserRoleValue;
  actorId: number;
  now: Date;
}): Promise<AdminUser> {
  const { userId, role, actorId, now } = input;
  return prisma.$transaction(async (tx) => {
    // Role changes take turns: twenty admins revoking each other at once deadlocked on the admins' row locks
    // (rows re-checked after a wait can be locked out of id order). Rare writes, so one at a time costs nothing.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROLE_CHANGE_LOCK}::int, 0)`;
    const admins = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM users WHERE role = 'ADMIN' ORDER BY id FOR NO KEY UPDATE`;
    const target = firstRow(
      await tx.$queryRaw<Parameters<typeof toAdminUser>[0][]>`
        SELECT id AS "userId", email, name, role::text AS role, created_at AS "createdAt"
        FROM users WHERE id = ${userId}::int FOR NO KEY UPDATE`,
    );
    if (!admins.some((a) => a.id === actorId)) throw new AppError("forbidden", "admins only");
    if (!target) throw new AppError("user_not_found");
    if (target.role === role) return toAdminUser(target);
    if (role === "FAN" && admins.length <= 1) {
      throw new AppError("last_admin", "grant the role to someone else first");
    }
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(tx, {
      actorId,
      action: "user.role",
      target: `user:${userId}`,
      before: { email: target.email, role: target.role },
      after: { email: target.email, role },
      now,
    });
    return toAdminUser({ ...target, role });
  });
}
