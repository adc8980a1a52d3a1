import "server-only";
import { encodeQueueToken } from "./queue-token-codec";
import type { QueueTokenBody } from "./queue-schemas";
import type { QueueStatusValue } from "./queue-rules";

export function queueTokenBody(
  row: { id: number; createdAt: Date; expiresAt: Date },
  status: QueueStatusValue,
): QueueTokenBody {
  return {
    tokenId: row.id,
    token: encodeQueueToken(row.id),
    status,
    createdAt: row.createdAt.toISOString(),
    expiredAt: row.expiresAt.toISOString(),
  };
}
