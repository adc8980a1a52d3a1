import "server-only";
import { prisma } from "../db/prisma";
import { firstRow } from "../db/rows";
import { AppError } from "../http/app-error";
import type { AdminConcert, PatchConcertInput } from "./admin-schemas";
import { getAdminConcert } from "./get-admin-concert";
import { recordAudit } from "./record-audit";

/** PATCH /api/admin/concerts/{concertId}: the concert's public texts, with the audit entry in the same transaction. */
export async function updateConcert(input: {
  concertId: number;
  changes: PatchConcertInput;
  actorId: number;
  now: Date;
}): Promise<AdminConcert> {
  const { concertId, changes, actorId, now } = input;
  return prisma.$transaction(async (tx) => {
    const locked = firstRow(
      await tx.$queryRaw<{ id: number }[]>`SELECT id FROM concerts WHERE id = ${concertId}::int FOR UPDATE`,
    );
    if (!locked) throw new AppError("concert_not_found");
    const fields = { name: true, artist: true, venue: true, description: true } as const;
    const before = await tx.concert.findUniqueOrThrow({ where: { id: concertId }, select: fields });
    const after = await tx.concert.update({
      where: { id: concertId },
      data: { name: changes.name, artist: changes.artist, venue: changes.venue, description: changes.description },
      select: fields,
    });
    await recordAudit(tx, { actorId, action: "concert.update", target: `concert:${concertId}`, before, after, now });
    return getAdminConcert(concertId, now, tx);
  });
}
