import { z } from "zod";
import { idParam, instant, isoDate, lineText } from "../http/schemas";
import { saleStateSchema } from "../queue/queue-schemas";
import { roomSchema } from "../rooms/room-schemas";
import { userRoleSchema } from "../users/user-schemas";

// The organizer API (ONSALE.md, "Organizer API"): concerts and seat layouts, live stats, sales, the audit
// log and roles. Every request schema is strict (an unknown field is a 400 naming it), so a typo never
// passes silently; limits keep one request inside one quick transaction.

export const MAX_SEATS_PER_SCHEDULE = 2_000;
const MAX_SECTIONS = 50;
const MAX_SCHEDULES_PER_REQUEST = 20;
/** Won. A seat must stay payable from a wallet, whose balance is capped at 100,000,000. */
const MAX_PRICE = 10_000_000;

// Multi-line text (descriptions): tabs and line breaks are fine, other control characters (NUL above all,
// which Postgres cannot store) are not.
const MULTILINE_TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;

const concertName = lineText().min(1, "must not be empty").max(100, "use at most 100 characters");
const concertLabel = lineText().max(100, "use at most 100 characters");
const concertDescription = z
  .string()
  .trim()
  .regex(MULTILINE_TEXT, "must not contain control characters other than tabs and line breaks")
  .max(2_000, "use at most 2,000 characters");

const sectionInputSchema = z
  .strictObject({
    name: lineText().min(1, "must not be empty").max(50, "use at most 50 characters").meta({ example: "VIP" }),
    price: z
      .number()
      .int("must be a whole number of won")
      .min(1, "must be at least 1")
      .max(MAX_PRICE, `must be at most ${MAX_PRICE.toLocaleString("en")}`)
      .meta({ description: "Won per seat", example: 165_000 }),
    seats: z
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_SEATS_PER_SCHEDULE, `must be at most ${MAX_SEATS_PER_SCHEDULE.toLocaleString("en")}`)
      .meta({ example: 10 }),
  })
  .meta({ id: "SectionInput" });

/** A schedule's layout: seats are numbered 1..N through the sections in order. */
export const sectionsSchema = z
  .array(sectionInputSchema)
  .min(1, "must list at least one section")
  .max(MAX_SECTIONS, `at most ${MAX_SECTIONS} sections`)
  .superRefine((sections, ctx) => {
    const total = sections.reduce((sum, s) => sum + s.seats, 0);
    if (total > MAX_SEATS_PER_SCHEDULE) {
      ctx.addIssue({
        code: "custom",
        message: `at most ${MAX_SEATS_PER_SCHEDULE.toLocaleString("en")} seats per schedule (got ${total})`,
      });
    }
    const names = new Set<string>();
    for (const [i, s] of sections.entries()) {
      if (names.has(s.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "names a section twice" });
      names.add(s.name);
    }
  })
  .meta({ description: `Sections in seat order, at most ${MAX_SEATS_PER_SCHEDULE.toLocaleString("en")} seats in all` });

export const scheduleInputSchema = z
  .strictObject({
    concertAt: instant.meta({ description: "When the show starts (in the future)" }),
    reservationAt: instant.meta({ description: "When booking opens (not after concertAt)" }),
    sections: sectionsSchema,
  })
  .superRefine((s, ctx) => {
    if (s.reservationAt > s.concertAt) {
      ctx.addIssue({ code: "custom", path: ["reservationAt"], message: "must not be after concertAt" });
    }
  })
  .meta({ id: "ScheduleInput" });

export const createConcertRequestSchema = z
  .strictObject({
    name: concertName,
    artist: concertLabel.optional(),
    venue: concertLabel.optional(),
    description: concertDescription.optional(),
    schedules: z
      .array(scheduleInputSchema)
      .max(MAX_SCHEDULES_PER_REQUEST, `at most ${MAX_SCHEDULES_PER_REQUEST} schedules per request`)
      .meta({ description: "May be empty: add schedules later" }),
  })
  .meta({ id: "CreateConcertRequest" });

export const patchConcertRequestSchema = z
  .strictObject({
    name: concertName.optional(),
    artist: concertLabel.optional(),
    venue: concertLabel.optional(),
    description: concertDescription.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), "give at least one of name, artist, venue, description")
  .meta({ id: "PatchConcertRequest" });

export const replaceSectionsRequestSchema = z.strictObject({ sections: sectionsSchema }).meta({
  id: "ReplaceSectionsRequest",
});

export const adminConcertParams = z.strictObject({ concertId: idParam });
export const adminScheduleParams = z.strictObject({ concertId: idParam, scheduleId: idParam });
export const adminUserParams = z.strictObject({ userId: idParam });

/** A page size in the query string: digits only, like path ids. */
function pageLimit(max: number, fallback: number) {
  return z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, `must be an integer from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n <= max, `must be at most ${max}`)
    .optional()
    .meta({
      type: "integer",
      minimum: 1,
      maximum: max,
      default: fallback,
      description: `Page size (default ${fallback})`,
    });
}

export const DEFAULT_CONCERT_PAGE = 50;
export const adminConcertListQuery = z.strictObject({
  before: idParam.optional().meta({ description: "The `nextBefore` of the previous page; omit for the newest" }),
  limit: pageLimit(200, DEFAULT_CONCERT_PAGE),
});

// ---- Responses

export const createdScheduleSchema = z
  .object({ scheduleId: z.number().int(), seats: z.number().int().meta({ description: "Seats created (1..N)" }) })
  .meta({ id: "CreatedSchedule" });

export const createdConcertSchema = z
  .object({ concertId: z.number().int(), schedules: z.array(createdScheduleSchema) })
  .meta({ id: "CreatedConcert" });

const seatCountsSchema = z
  .object({
    total: z.number().int(),
    available: z.number().int().meta({ description: "Neither sold nor held (a lapsed hold counts as available)" }),
    held: z.number().int().meta({ description: "Held for an unpaid reservation right now" }),
    sold: z.number().int(),
  })
  .meta({ id: "SeatCounts" });

const adminSectionSchema = z
  .object({
    position: z.number().int().meta({ description: "1 for the first section" }),
    name: z.string(),
    price: z.number().int().meta({ description: "Won per seat" }),
    seats: z.number().int(),
    firstSeat: z.number().int().meta({ description: "Seat numbers firstSeat..lastSeat belong to this section" }),
    lastSeat: z.number().int(),
  })
  .meta({ id: "AdminSection" });

export const adminScheduleSchema = z
  .object({
    scheduleId: z.number().int(),
    concertId: z.number().int(),
    concertAt: isoDate,
    reservationAt: isoDate.meta({ description: "When booking opens" }),
    sections: z
      .array(adminSectionSchema)
      .meta({ description: "In seat order (empty for a layout made before sections)" }),
    seats: seatCountsSchema,
    layoutLocked: z.boolean().meta({
      description: "A seat has been held or sold, so the sections can no longer be replaced",
    }),
  })
  .meta({ id: "AdminSchedule" });

export const adminConcertSchema = z
  .object({
    concertId: z.number().int(),
    name: z.string(),
    artist: z.string(),
    venue: z.string(),
    description: z.string(),
    createdAt: isoDate,
    schedules: z.array(adminScheduleSchema).meta({ description: "Soonest first" }),
    room: roomSchema
      .nullable()
      .meta({ description: "The concert's dedicated room; null: it sells through the general room" }),
  })
  .meta({ id: "AdminConcert" });

const adminConcertSummarySchema = z
  .object({
    concertId: z.number().int(),
    name: z.string(),
    artist: z.string(),
    venue: z.string(),
    createdAt: isoDate,
    schedules: z.number().int().meta({ description: "How many schedules it has" }),
    nextConcertAt: isoDate.nullable().meta({ description: "The earliest show still ahead; null when all are past" }),
    roomId: z.number().int().nullable().meta({ description: "Its dedicated room; null: the general room" }),
    /** Its room's state: the general room's for a concert without a room of its own. */
    saleState: saleStateSchema,
    seats: seatCountsSchema,
    revenue: z.number().int().meta({ description: "Won of its confirmed reservations (refunded ones excluded)" }),
  })
  .meta({ id: "AdminConcertSummary" });

export const adminConcertListSchema = z
  .object({
    concerts: z.array(adminConcertSummarySchema).meta({ description: "Newest first" }),
    nextBefore: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Pass as `before` for the next page; null on the last" }),
  })
  .meta({ id: "AdminConcertList" });

export type ScheduleInputBody = z.infer<typeof scheduleInputSchema>;
export type SectionInputBody = z.infer<typeof sectionInputSchema>;
export type CreateConcertInput = z.infer<typeof createConcertRequestSchema>;
export type PatchConcertInput = z.infer<typeof patchConcertRequestSchema>;
export type CreatedConcert = z.infer<typeof createdConcertSchema>;
export type CreatedSchedule = z.infer<typeof createdScheduleSchema>;
export type AdminSchedule = z.infer<typeof adminScheduleSchema>;
export type AdminConcert = z.infer<typeof adminConcertSchema>;
export type AdminConcertList = z.infer<typeof adminConcertListSchema>;
export type AdminConcertSummary = z.infer<typeof adminConcertSummarySchema>;

// ---- Live stats

export const MAX_STATS_HISTORY_DAYS = 7;

export const roomStatsQuerySchema = z.strictObject({
  since: instant.optional().meta({
    description: `Samples from this time on (default: 30 minutes ago; at most ${MAX_STATS_HISTORY_DAYS} days back)`,
  }),
});

const roomSampleSchema = z
  .object({
    at: isoDate.meta({ description: "The minute sampled (seconds are zero)" }),
    waiting: z.number().int().meta({ description: "Fans in line then (pre-queue entrants included)" }),
    active: z.number().int().meta({ description: "Fans shopping (ACTIVE) then" }),
    admitted: z
      .number()
      .int()
      .meta({
        description:
          "Running total of admissions by then; the admissions of a span are the difference between two samples " +
          "(the console's 'admitted per minute' divides it by the minutes between them)",
      }),
    sold: z.number().int().meta({
      description: "Running total of confirmed reservations of the room's concerts by then (refunds lower it)",
    }),
  })
  .meta({ id: "RoomSample" });

export const roomStatsSchema = z
  .object({
    roomId: z.number().int(),
    concertId: z.number().int().nullable().meta({
      description:
        "The concert whose seats are counted; null for the general room's stats (seats of every concert without a room of its own)",
    }),
    saleState: saleStateSchema,
    waiting: z.number().int().meta({ description: "Fans in the room's line now (pre-queue entrants included)" }),
    active: z.number().int().meta({ description: "Fans admitted and shopping now" }),
    admittedTotal: z.number().int().meta({ description: "Admissions since the room was created" }),
    admitRatePerMinute: z.number().meta({
      description: "Admissions per minute over the last two minutes (the rate fans' wait estimates use); 0 when none",
    }),
    etaToDrainSeconds: z.number().int().nullable().meta({
      description:
        "Seconds until the line is empty at that rate; 0 when nobody waits; null when nobody is being admitted",
    }),
    heldSeats: z.number().int().meta({ description: "Seats held for unpaid reservations now" }),
    soldSeats: z.number().int().meta({ description: "Seats of confirmed reservations" }),
    availableSeats: z
      .number()
      .int()
      .meta({ description: "Seats on sale now: neither sold nor held, shows still ahead" }),
    revenue: z.number().int().meta({ description: "Won of the confirmed reservations" }),
    samples: z.array(roomSampleSchema).meta({
      description:
        "One a minute, oldest first, kept by the server (a minute with no admission tick and no stats request has none)",
    }),
  })
  .meta({ id: "RoomStats" });

export type RoomStats = z.infer<typeof roomStatsSchema>;

// ---- Sales export

export const salesCsvSchema = z.string().meta({
  id: "SalesCsv",
  description:
    "UTF-8 CSV (RFC 4180, CRLF line ends, a byte-order mark so spreadsheet programs read Korean names right): " +
    "a header row `reservation_id,booked_at,schedule_id,concert_at,seat_number,section,price_won,buyer_id,buyer_email`, " +
    "then one row per confirmed reservation, oldest booking first. Text cells that a spreadsheet would read as a " +
    "formula (starting with =, +, -, @, tab or carriage return) are prefixed with an apostrophe and quoted.",
  example:
    "reservation_id,booked_at,schedule_id,concert_at,seat_number,section,price_won,buyer_id,buyer_email\r\n" +
    "17,2026-12-01T10:00:05.000Z,3,2026-12-24T10:00:00.000Z,7,VIP,165000,42,fan@example.com\r\n",
});

// ---- Audit log

export const DEFAULT_AUDIT_PAGE = 50;
export const auditQuerySchema = z.strictObject({
  before: idParam.optional().meta({ description: "The `nextBefore` of the previous page; omit for the newest" }),
  limit: pageLimit(200, DEFAULT_AUDIT_PAGE),
});

const auditEntrySchema = z
  .object({
    id: z.number().int(),
    actor: z
      .object({ id: z.number().int(), email: z.string() })
      .nullable()
      .meta({ description: "The admin who did it; null if that account was deleted" }),
    action: z.string().meta({ example: "concert.create" }),
    target: z.string().meta({ example: "concert:5" }),
    before: z.unknown().meta({ description: "The state before (null for a creation)" }),
    after: z.unknown().meta({ description: "The state after (null for a deletion)" }),
    createdAt: isoDate,
  })
  .meta({ id: "AuditEntry" });

export const auditPageSchema = z
  .object({
    entries: z.array(auditEntrySchema).meta({ description: "Newest first" }),
    nextBefore: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Pass as `before` for older entries; null on the last page" }),
  })
  .meta({ id: "AuditPage" });

export type AuditPage = z.infer<typeof auditPageSchema>;

// ---- Users and roles

export const DEFAULT_USER_PAGE = 20;
export const userSearchQuerySchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "must not be empty")
    .max(254, "use at most 254 characters")
    .regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, "must not contain control characters")
    .optional()
    .meta({ description: "An email or its beginning, any case (`kim@` finds kim@example.com)" }),
  role: userRoleSchema.optional().meta({ description: "Only users with this role (`ADMIN` lists the admins)" }),
  limit: pageLimit(100, DEFAULT_USER_PAGE),
});

export const adminUserSchema = z
  .object({
    userId: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: userRoleSchema,
    createdAt: isoDate,
  })
  .meta({ id: "AdminUser" });

export const adminUserListSchema = z
  .object({ users: z.array(adminUserSchema).meta({ description: "By email; an exact match comes first" }) })
  .meta({ id: "AdminUserList" });

export const setRoleRequestSchema = z.strictObject({ role: userRoleSchema }).meta({ id: "SetRoleRequest" });

export type AdminUser = z.infer<typeof adminUserSchema>;
export type UserRoleValue = z.infer<typeof userRoleSchema>;
