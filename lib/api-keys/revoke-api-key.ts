import "server-only";
import { prisma } from "../db/prisma";
import { AppError } from "../http/app-error";

/** Another user's key id answers 404 like an unknown one, so ids of others' keys leak nothing. */
export async function revokeApiKey(userId: number, id: number, now: Date): Promise<void> {
  const { count } = await prisma.apiKey.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) throw new AppError("api_key_not_found");
}
