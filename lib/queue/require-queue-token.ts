import "server-only";
import { AppError } from "../http/app-error";
import { effectiveStatus, type QueueStatusValue } from "./queue-rules";
import { queueStore } from "./queue-store-instance";
import { decodeQueueToken, tokenFromHeader, type DecodedToken } from "./queue-token-codec";

export type QueueTokenStatusValue = QueueStatusValue;
export type QueueCredential = {
  tokenId: number;
  userId: number;
  roomId: number;
  status: QueueTokenStatusValue;
  expiresAt: Date;
};

/**
 * What `authenticateQueueToken` learned: the token (WAIT or ACTIVE; an expired one is already a 401),
 * or null when it is well-formed but unknown or forged. The non-401 outcomes (WAIT -> 403, unknown ->
 * 404) are thrown later by `assertActiveQueueToken`, after input validation ("Order of checks").
 */
type QueueTokenCheck = { token: QueueCredential | null };

/** The token in `Authorization`, decoded without the database; absent or malformed -> 401 invalid token. */
function decodeHeader(req: Request): Exclude<DecodedToken, { kind: "malformed" }> {
  const raw = tokenFromHeader(req.headers.get("authorization"));
  if (raw === null) throw new AppError("invalid_token", "send Authorization: Bearer <queue token>");
  const decoded = decodeQueueToken(raw);
  if (decoded.kind === "malformed") throw new AppError("invalid_token", "malformed");
  return decoded;
}

/**
 * The token id in `Authorization`, checked without the database: absent or malformed -> 401 invalid
 * token; well-formed but forged (its MAC does not match) -> 404 token not found.
 */
export function queueTokenIdFrom(req: Request): number {
  const decoded = decodeHeader(req);
  if (decoded.kind === "forged") throw new AppError("token_not_found");
  return decoded.id;
}

/**
 * The queue token in `Authorization` as stored, or null when it is well-formed but forged or unknown.
 * Absent or malformed -> 401 invalid token. A live token whose `expires_at` has passed reads as
 * EXPIRED without any job having run.
 */
export async function findQueueToken(req: Request, now: Date): Promise<QueueCredential | null> {
  const decoded = decodeHeader(req);
  if (decoded.kind === "forged") return null;
  const row = await queueStore().findToken(decoded.id);
  if (!row) return null;
  return {
    tokenId: row.id,
    userId: row.userId,
    roomId: row.roomId,
    status: effectiveStatus(row.status, row.expiresAt, now),
    expiresAt: row.expiresAt,
  };
}

/**
 * Reads the queue token from `Authorization` (endpoint 3). Absent or malformed -> 401 invalid token;
 * well-formed but unknown or forged -> 404 token not found; expired reads as EXPIRED.
 */
export async function readQueueToken(req: Request, now: Date): Promise<QueueCredential> {
  const token = await findQueueToken(req, now);
  if (!token) throw new AppError("token_not_found");
  return token;
}

/**
 * The `authenticate` half for endpoints 4-5: only the 401s (absent, malformed, expired). Pair it with
 * `assertActiveQueueToken` in `authorize`.
 */
export async function authenticateQueueToken(req: Request, now: Date): Promise<QueueTokenCheck> {
  const token = await findQueueToken(req, now);
  if (token?.status === "EXPIRED") throw new AppError("token_expired");
  return { token };
}

/** The `authorize` half: still waiting -> 403 token not active; unknown or forged -> 404 token not found. */
export function assertActiveQueueToken(check: QueueTokenCheck): QueueCredential {
  if (check.token?.status === "WAIT") throw new AppError("token_not_active");
  if (!check.token) throw new AppError("token_not_found");
  return check.token;
}

/**
 * Both halves at once, for callers outside a route: expired -> 401 (detail "expired"); still waiting
 * -> 403; unknown -> 404. Routes split them so that input validation runs in between.
 */
export async function requireActiveQueueToken(req: Request, now: Date): Promise<QueueCredential> {
  return assertActiveQueueToken(await authenticateQueueToken(req, now));
}

/** The token opens only its own room's concerts: 403 token_other_room otherwise. */
export function assertTokenRoom(token: { roomId: number }, concertRoomId: number): void {
  if (token.roomId !== concertRoomId) throw new AppError("token_other_room");
}
