import { z } from "zod";
import { idParam, isoDate } from "../http/schemas";

// Request and response shapes of endpoints 1-3; they validate the routes and feed the OpenAPI document.

export const queueUserParams = z.strictObject({ userId: idParam }).meta({ id: "QueueUserParams" });

const queueTokenStatusSchema = z.enum(["WAIT", "ACTIVE", "EXPIRED"]).meta({ id: "QueueTokenStatus" });

/** Endpoints 1 and 2. */
export const queueTokenSchema = z
  .object({
    tokenId: z.number().int().meta({ description: "The token's id (the fan's place in line is by join order)" }),
    token: z.string().meta({
      description:
        "Opaque queue token; send it as `Authorization: Bearer <token>`. Issuing again returns the same string.",
      example: "qt_AAAAAbS3nW1o0E5xq8cK4YdZ2g",
    }),
    status: queueTokenStatusSchema,
    createdAt: isoDate,
    expiredAt: isoDate.meta({
      description:
        "When the token stops being valid if nothing else happens: for WAIT the last poll plus the idle timeout, for ACTIVE the admission plus the active TTL (or a seat hold's expiry)",
    }),
  })
  .meta({ id: "QueueToken" });

/** Endpoint 3. */
export const queueStatusSchema = z
  .object({
    queueId: z.number().int().meta({ description: "The token's id" }),
    createdAt: isoDate,
    status: queueTokenStatusSchema,
    position: z.number().int().min(0).meta({
      description:
        "0 when ACTIVE or EXPIRED; otherwise 1 + the number of live WAIT tokens ahead. The Retry-After header (whole seconds, 2 near the front up to 30 far back) says when to poll again.",
    }),
    estimatedWaitSeconds: z.number().int().min(0).nullable().meta({
      description:
        "WAIT: seconds until admission at the admission rate observed over the last 120 s, or null when nothing was admitted in that time (no history, no estimate) or admission is paused. ACTIVE: 0. EXPIRED: null.",
    }),
    expiredAt: isoDate,
  })
  .meta({ id: "QueueStatus" });

export type QueueTokenBody = z.infer<typeof queueTokenSchema>;
export type QueueStatusBody = z.infer<typeof queueStatusSchema>;
