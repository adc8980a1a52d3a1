import { z } from "zod";
import { idParam, isoDate } from "../http/schemas";

// Request and response shapes of endpoints 8, 9 and the wallet history; they validate the routes
// and feed the OpenAPI document.

const MIN_CHARGE = 1;
export const MAX_CHARGE = 1_000_000;
const MAX_HISTORY_PAGE = 100;
export const DEFAULT_HISTORY_PAGE = 20;

export const walletUserParams = z.strictObject({ userId: idParam });

export const chargeRequestSchema = z
  .strictObject({
    amount: z
      .number({ error: "must be a number" })
      .int("must be a whole number of won")
      .min(MIN_CHARGE, `must be at least ${MIN_CHARGE}`)
      .max(MAX_CHARGE, `must be at most ${MAX_CHARGE.toLocaleString("en")}`)
      .meta({ description: "Won to add, an integer from 1 to 1,000,000", example: 50_000 }),
  })
  .meta({ id: "ChargeRequest" });

export const balanceSchema = z
  .object({
    userId: z.number().int(),
    currentAmount: z
      .number()
      .int()
      .min(0)
      .meta({ description: "Balance in won (charges stop at 100,000,000; a refund may take it past that)" }),
  })
  .meta({ id: "Balance" });

const ledgerKindSchema = z
  .enum(["CHARGE", "PAYMENT", "REFUND"])
  .meta({ id: "LedgerKind", description: "What moved the balance" });

const ledgerTicketSchema = z
  .object({
    reservationId: z.number().int(),
    concertName: z.string(),
    concertAt: isoDate,
    seatNumber: z.number().int(),
    sectionName: z.string().nullable().meta({ description: "The seat's grade (VIP, R, S, ...)" }),
    amount: z.number().int().meta({ description: "This seat's share of the payment, won" }),
  })
  .meta({ id: "LedgerTicket" });

export const ledgerEntrySchema = z
  .object({
    id: z.number().int(),
    kind: ledgerKindSchema,
    amount: z
      .number()
      .int()
      .meta({ description: "Signed won: positive for charges and refunds, negative for payments" }),
    balanceAfter: z.number().int().min(0).meta({ description: "The balance right after this change" }),
    createdAt: isoDate,
    paymentId: z.number().int().optional().meta({ description: "The payment behind a PAYMENT or REFUND entry" }),
    tickets: z.array(ledgerTicketSchema).optional().meta({
      description: "What the money was for: every seat of a PAYMENT, the one cancelled seat of a REFUND",
    }),
  })
  .meta({ id: "LedgerEntry" });

/** A page size or cursor in the query string: digits only, like path ids. */
const limitParam = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, `must be an integer from 1 to ${MAX_HISTORY_PAGE}`)
  .transform(Number)
  .refine((n) => n <= MAX_HISTORY_PAGE, `must be at most ${MAX_HISTORY_PAGE}`)
  .meta({ type: "integer", minimum: 1, maximum: MAX_HISTORY_PAGE, default: DEFAULT_HISTORY_PAGE });

export const historyQuerySchema = z.strictObject({
  limit: limitParam
    .optional()
    .meta({ description: `Entries per page, 1-${MAX_HISTORY_PAGE} (default ${DEFAULT_HISTORY_PAGE})` }),
  cursor: idParam
    .optional()
    .meta({ description: "The `nextCursor` of the previous page; omit for the newest entries" }),
});

export const historySchema = z
  .object({
    userId: z.number().int(),
    entries: z.array(ledgerEntrySchema).meta({ description: "Newest first" }),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` to read older entries; null on the last page" }),
  })
  .meta({ id: "BalanceHistory" });

export type BalanceBody = z.infer<typeof balanceSchema>;
export type LedgerEntryBody = z.infer<typeof ledgerEntrySchema>;
export type HistoryBody = z.infer<typeof historySchema>;
