import { z } from "zod";
import { idField, idParam, isoDate } from "../http/schemas";
import { SALE_STATES } from "./room-rules";

// Request and response shapes of endpoints 1-3 and the public room documents; they validate the routes and
// feed the OpenAPI document.

export const queueUserParams = z.strictObject({ userId: idParam }).meta({ id: "QueueUserParams" });

/**
 * Endpoint 1's optional body. Clients that know nothing of rooms send none: a missing, empty or unknown body
 * (or one without a valid `concertId`) means the general room, never a 400 (see `lenientBody` in with-route).
 */
export const issueQueueTokenRequestSchema = z
  .looseObject({
    concertId: idField.optional().meta({
      description: "Join this concert's waiting room (its dedicated room, or the general room when it has none)",
    }),
  })
  .meta({ id: "IssueQueueTokenRequest" });

/** Endpoint 2's optional query. */
export const queueTokenQuerySchema = z
  .looseObject({
    concertId: idParam.optional().meta({ description: "The room of this concert (default: the general room)" }),
  })
  .meta({ id: "QueueTokenQuery" });

const queueTokenStatusSchema = z.enum(["WAIT", "ACTIVE", "EXPIRED"]).meta({ id: "QueueTokenStatus" });

export const saleStateSchema = z.enum(SALE_STATES).meta({
  id: "SaleState",
  description:
    "The room's state, first match wins: CLOSED (the organizer closed the sale: no new joins or holds; existing holds stay payable) > " +
    "SOLD_OUT (every seat of the concert's future schedules is sold; waiting fans keep their place, a refund can bring a seat back) > " +
    "UPCOMING (before prequeueOpensAt) > PREQUEUE (joins are entrants of the draw at salesStartAt) > PAUSED (no admissions) > ON_SALE. " +
    "The general room is PAUSED or ON_SALE.",
});

const roomFields = {
  concertId: z.number().int().nullable().meta({ description: "The room's concert; null for the general room" }),
  saleState: saleStateSchema,
  drawCommitment: z.string().optional().meta({
    description:
      "During PREQUEUE: sha256 of the draw's secret seed (hex), fixed when the room was created. Check it against the published draw.",
  }),
};

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
        "When the token stops being valid if nothing else happens: for WAIT the last poll plus the idle timeout (a pre-queue entrant: the sale start plus the idle timeout), for ACTIVE the admission plus the active TTL (or a seat hold's expiry)",
    }),
    ...roomFields,
  })
  .meta({ id: "QueueToken" });

/** Endpoint 3. */
export const queueStatusSchema = z
  .object({
    queueId: z.number().int().meta({ description: "The token's id" }),
    createdAt: isoDate,
    status: queueTokenStatusSchema,
    position: z.number().int().min(0).nullable().meta({
      description:
        "0 when ACTIVE or EXPIRED; otherwise 1 + the number of live WAIT tokens ahead in the room; null during the pre-queue (the draw decides the order). The Retry-After header (whole seconds) says when to poll again.",
    }),
    estimatedWaitSeconds: z.number().int().min(0).nullable().meta({
      description:
        "WAIT: seconds until admission at the admission rate observed over the last 120 s, or null when nothing was admitted in that time (no history, no estimate), admission is paused or the room is sold out or closed; during the pre-queue, the seconds until the sale starts. ACTIVE: 0. EXPIRED: null.",
    }),
    expiredAt: isoDate,
    ...roomFields,
    drawnPlace: z.number().int().min(1).optional().meta({
      description:
        "Only for a fan who joined during the pre-queue, once the draw has run: their place in the drawn order (1 = first), the position of their token id in `entrants` of GET /api/concerts/{concertId}/room/draw, plus one. Absent otherwise (and from servers without the draw).",
    }),
  })
  .meta({ id: "QueueStatus" });

export const concertRoomParams = z.strictObject({ concertId: idParam });

/** GET /api/concerts/{concertId}/room (public). */
export const publicRoomSchema = z
  .object({
    concertId: z.number().int(),
    saleState: saleStateSchema,
    prequeueOpensAt: isoDate.nullable(),
    salesStartAt: isoDate.nullable(),
    waiting: z.number().int().nullable().meta({
      description: "Fans in line now (pre-queue entrants included); null for a concert without a dedicated room",
    }),
    holdRequiresFunds: z.boolean(),
    minPrice: z.number().int().nullable().meta({ description: "The cheapest seat of the concert's future schedules" }),
    onlyHeldSeatsLeft: z.boolean().meta({
      description: "Nothing is free but some seats are only held: they may come back when holds lapse",
    }),
    drawCommitment: z.string().nullable(),
    entrantsHash: z.string().nullable(),
    drawSeed: z.string().nullable().meta({ description: "Hex; published once the draw has run" }),
  })
  .meta({ id: "PublicRoom" });

/** GET /api/concerts/{concertId}/room/draw (public). */
export const publicDrawSchema = z
  .object({
    concertId: z.number().int(),
    drawCommitment: z.string(),
    entrantsHash: z.string(),
    drawSeed: z.string(),
    drawnAt: isoDate,
    entrants: z.array(z.number().int()).meta({ description: "Token ids in drawn order (the place in line)" }),
  })
  .meta({ id: "PublicDraw" });

export type QueueTokenBody = z.infer<typeof queueTokenSchema>;
export type QueueStatusBody = z.infer<typeof queueStatusSchema>;
export type PublicRoom = z.infer<typeof publicRoomSchema>;
export type PublicDraw = z.infer<typeof publicDrawSchema>;
