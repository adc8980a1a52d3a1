import "server-only";
import { Prisma } from "../db/generated/client";
import { prisma } from "../db/prisma";
import { DEFAULT_USER_PAGE, type AdminUser, type UserRoleValue } from "./admin-schemas";

type UserRow = { userId: number; email: string; name: string; role: UserRoleValue; createdAt: Date };

/**
 * GET /api/admin/users?email=&role=: users whose email starts with `email` (any case), by email, so an exact
 * match comes first. The prefix and the order are one index range scan (users_email_search_idx), however
 * many users match.
 */
export async function findUsers(options: {
  email?: string;
  role?: UserRoleValue;
  limit?: number;
}): Promise<{ users: AdminUser[] }> {
  const conditions = [
    ...(options.email === undefined
      ? []
      : [Prisma.sql`lower(email) COLLATE "C" LIKE ${escapeLike(options.email.toLowerCase()) + "%"}`]),
    ...(options.role === undefined ? [] : [Prisma.sql`role = ${options.role}::"UserRole"`]),
  ];
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const rows = await prisma.$queryRaw<UserRow[]>`
    SELECT id AS "userId", email, name, role::text AS role, created_at AS "createdAt"
    FROM users ${where}
    ORDER BY lower(email) COLLATE "C", id
    LIMIT ${options.limit ?? DEFAULT_USER_PAGE}::int`;
  return { users: rows.map(toAdminUser) };
}

export function toAdminUser(row: UserRow): AdminUser {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** `%` and `_` in an email are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
