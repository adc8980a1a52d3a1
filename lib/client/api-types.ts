// Response shapes the pages use. Where a server schema exists we take its inferred type (type-only, so no
// server code reaches the browser bundle); the API keys are typed from their schemas' shapes.
export type { QueueTokenBody, QueueStatusBody } from "@/lib/queue/queue-schemas";
export type { ConcertSchedules, SeatMap } from "@/lib/catalogue/catalogue-schemas";
export type { ReservationResponse, PaymentResponse, MyReservation } from "@/lib/booking/booking-schemas";
export type { ConcertSummary } from "@/lib/catalogue/catalogue-schemas";
export type { MeBody as Me } from "@/lib/users/user-schemas";

export type { BalanceBody as Balance, LedgerEntryBody as LedgerEntry, HistoryBody } from "@/lib/wallet/wallet-schemas";

export type ApiKeySummary = { id: number; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };
export type CreatedApiKey = { id: number; key: string; createdAt: string };
