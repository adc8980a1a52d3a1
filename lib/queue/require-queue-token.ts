import { AppError } from "../http/app-error";
import { effectiveStatus, type QueueStatusValue } from "./queue-rules";
import { queueStore } from "./queue-store-instance";
import { decodeQueueToken, tokenFromHeader } from "./queue-token-codec";

export type QueueTokenStatusValue = QueueStatusValue;
export type QueueCredential = { tokenId: number; userId: number; status: QueueTokenStatusValue; expiresAt: Date };

/**
 * The token id in `Authorization`, checked without the database: absent or malformed -> 401 invalid
 * token; well-formed but forged (its MAC does not match) -> 404 token not found.
 */
export function queueTokenIdFrom(req: Request): number {
  const raw = tokenFromHeader(req.headers.get("authorization"));
  if (raw === null) throw new AppError("invalidToken", "send Authorization: Bearer <queue token>");
  const decoded = decodeQueueToken(raw);
  if (decoded.kind === "malformed") throw new AppError("invalidToken", "malformed");
  if (decoded.kind === "forged") throw new AppError("tokenNotFound");
  return decoded.id;
}

/**
 * Reads the queue token from `Authorization`. Absent or malformed -> 401 invalid token;
 * well-formed but unknown or forged -> 404 token not found. A live token whose `expires_at` has
 * passed reads as EXPIRED without any job having run.
 */
export async function readQueueToken(req: Request, now: Date): Promise<QueueCredential> {
  const row = await queueStore().findToken(queueTokenIdFrom(req));
  if (!row) throw new AppError("tokenNotFound");
  return { tokenId: row.id, userId: row.userId, status: effectiveStatus(row.status, row.expiresAt, now), expiresAt: row.expiresAt };
}

/** For endpoints 4-7: an ACTIVE token. Expired -> 401 (detail "expired"); still waiting -> 403. */
export async function requireActiveQueueToken(req: Request, now: Date): Promise<QueueCredential> {
  const token = await readQueueToken(req, now);
  if (token.status === "EXPIRED") throw new AppError("invalidToken", "expired");
  if (token.status === "WAIT") throw new AppError("tokenNotActive");
  return token;
}
