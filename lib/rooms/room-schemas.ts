import { z } from "zod";
import { instant, isoDate } from "../http/schemas";
import { saleStateSchema } from "../queue/queue-schemas";

// The organizer's view of waiting rooms (ONSALE.md, "Organizer API"): request bodies and the room document.

const capacity = z.number().int().min(1).max(1_000_000);
const rate = z.number().int().min(0).max(100_000);
const ticketsPerFan = z.number().int().min(1).max(100);

/** PUT .../room: create the concert's dedicated room, or replace its settings before the pre-queue opens. */
export const putRoomRequestSchema = z
  .strictObject({
    prequeueOpensAt: instant.meta({ description: "When fans may start joining (the pre-queue)" }),
    salesStartAt: instant.meta({ description: "When the draw runs and admission starts" }),
    activeCapacity: capacity.optional().meta({ description: "Fans shopping at once (default QUEUE_ACTIVE_CAPACITY)" }),
    admitPerSecond: rate
      .optional()
      .meta({ description: "Admission rate cap (default: QUEUE_ADMIT_PER_SECOND; 0 = none)" }),
    holdRequiresFunds: z
      .boolean()
      .optional()
      .meta({ description: "Holds need the wallet to cover them (default false)" }),
    maxTicketsPerFan: ticketsPerFan.optional().meta({ description: "Seats a fan may hold or own (default 4)" }),
  })
  .meta({ id: "PutRoomRequest" });

/** PATCH .../room: the controls of a running sale; `salesStartAt` may only move later, before the draw. */
export const patchRoomRequestSchema = z
  .strictObject({
    paused: z.boolean().optional(),
    closed: z.boolean().optional().meta({ description: "Close the sale (no new joins or holds) or reopen it" }),
    activeCapacity: capacity.nullable().optional().meta({ description: "null follows QUEUE_ACTIVE_CAPACITY" }),
    admitPerSecond: rate.nullable().optional().meta({ description: "null follows QUEUE_ADMIT_PER_SECOND; 0 = no cap" }),
    holdRequiresFunds: z.boolean().optional(),
    maxTicketsPerFan: ticketsPerFan.optional(),
    salesStartAt: instant.optional().meta({ description: "A later start (before the draw only)" }),
  })
  .meta({ id: "PatchRoomRequest" });

/** PATCH /api/admin/room: the general room's knobs (what queue_settings held before rooms). */
export const patchGeneralRoomRequestSchema = z
  .strictObject({
    paused: z.boolean().optional(),
    activeCapacity: capacity.nullable().optional().meta({ description: "null follows QUEUE_ACTIVE_CAPACITY" }),
    admitPerSecond: rate.nullable().optional().meta({ description: "null follows QUEUE_ADMIT_PER_SECOND; 0 = no cap" }),
  })
  .meta({ id: "PatchGeneralRoomRequest" });

export const roomSchema = z
  .object({
    roomId: z.number().int(),
    concertId: z.number().int().nullable().meta({ description: "null for the general room" }),
    saleState: saleStateSchema,
    prequeueOpensAt: isoDate.nullable(),
    salesStartAt: isoDate.nullable(),
    activeCapacity: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The room's own setting; null follows the environment" }),
    admitPerSecond: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The room's own setting; null follows the environment" }),
    effectiveCapacity: z.number().int().meta({ description: "The capacity in force" }),
    effectiveAdmitPerSecond: z.number().int().nullable().meta({ description: "The rate cap in force; null: none" }),
    paused: z.boolean(),
    closed: z.boolean(),
    holdRequiresFunds: z.boolean(),
    maxTicketsPerFan: z.number().int(),
    drawCommitment: z.string().nullable(),
    entrantsHash: z.string().nullable(),
    drawSeed: z.string().nullable().meta({ description: "Published once the draw has run" }),
    drawnAt: isoDate.nullable(),
    entrants: z.number().int().nullable().meta({ description: "Entrants of the draw, once it has run" }),
  })
  .meta({ id: "Room" });

export type PutRoomInput = z.infer<typeof putRoomRequestSchema>;
export type PatchRoomInput = z.infer<typeof patchRoomRequestSchema>;
export type PatchGeneralRoomInput = z.infer<typeof patchGeneralRoomRequestSchema>;
export type RoomBody = z.infer<typeof roomSchema>;
