import "server-only";
import type { Prisma } from "../db/generated/client";
import type { DbTx } from "../db/prisma";

export type AuditInput = {
  actorId: number;
  /** What was done, e.g. "room.create", "concert.update", "user.role". */
  action: string;
  /** What it was done to, e.g. "concert:5", "room:general", "user:7". */
  target: string;
  before?: unknown;
  after?: unknown;
  now: Date;
};

/** Every admin write records itself in the same transaction as the write, so neither exists without the other. */
export async function recordAudit(tx: DbTx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      target: entry.target,
      before: toJson(entry.before),
      after: toJson(entry.after),
      createdAt: entry.now,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
