import "server-only";
import { prisma } from "../db/prisma";
import { DEFAULT_AUDIT_PAGE, type AuditPage } from "./admin-schemas";

/**
 * GET /api/admin/audit: newest first, by keyset on the id (index audit_log(id DESC)), so a page costs the
 * same however deep it is and entries written meanwhile never shift one.
 */
export async function listAudit(options: { before?: number; limit?: number }): Promise<AuditPage> {
  const limit = options.limit ?? DEFAULT_AUDIT_PAGE;
  const rows = await prisma.auditEntry.findMany({
    where: options.before === undefined ? {} : { id: { lt: options.before } },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { actor: { select: { id: true, email: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((e) => ({
      id: e.id,
      actor: e.actor,
      action: e.action,
      target: e.target,
      before: e.before ?? null,
      after: e.after ?? null,
      createdAt: e.createdAt.toISOString(),
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
