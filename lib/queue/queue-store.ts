import "server-only";
import type { AdmissionWindow, QueueStatusValue } from "./queue-rules";

// The waiting room's storage, behind one interface so that a Redis implementation can replace Postgres
// later without touching the use cases. Any implementation must keep the guarantees listed under "What a
// store implementation must keep" in docs/decisions/0002-waiting-room-capacity-and-position.md (dense join
// numbers visible in order, one live token per user, admission under one lock shared by every process,
// every departure counted once).

export type TokenRow = {
  id: number;
  userId: number;
  seq: number;
  status: QueueStatusValue;
  createdAt: Date;
  expiresAt: Date;
};

/** Everything one status poll needs, read in one go. */
export type PollRow = TokenRow & {
  /** Tokens with a smaller join number that have left the WAIT line (only for a WAIT row). */
  departedAhead: number | null;
  window: AdmissionWindow;
  lastTickAt: Date | null;
  paused: boolean;
};

/** The new token, its departures ahead, and what the last tick left (hints for whether to tick now). */
export type CreatedToken = { token: TokenRow; departedAhead: number; freeSlots: number; lastTickAt: Date | null };

export type AdmissionOutcome = {
  /** Tokens admitted by this tick, in join order, with their new deadline. */
  admitted: { id: number; seq: number; expiresAt: Date }[];
  /** Lapsed WAIT tokens taken out of the line and lapsed ACTIVE tokens retired. */
  expiredWaiting: number;
  expiredActive: number;
  /** With `forTokenId`: that token's status and deadline after the tick. */
  self?: { status: QueueStatusValue; expiresAt: Date };
};

export type AdmitOptions = {
  now: Date;
  /** Defaults for the NULL columns of queue_settings (QUEUE_ACTIVE_CAPACITY, QUEUE_ADMIT_PER_SECOND). */
  envCapacity: number;
  envAdmitPerSecond: number | null;
  /** Block until the lock is free (a join that wants its token admitted at once) or skip if busy (a poll). */
  wait: boolean;
  /** Skip when another process ticked less than this long ago (re-checked under the lock). */
  minIntervalMs: number;
  activeTtlSeconds: number;
  /** Also retire this token if its deadline has passed (a fan re-joining after lapsing). */
  retireTokenId?: number;
  /**
   * A join that wants this token admitted: once the lock is held, if an earlier tick already admitted
   * it (the usual case in a burst of joins), the tick ends without writing.
   */
  forTokenId?: number;
};

export interface QueueStore {
  findToken(id: number): Promise<TokenRow | null>;
  /** `user: false` when the user does not exist; `token` is their WAIT/ACTIVE row, lapsed or not. */
  findUserLiveToken(userId: number): Promise<{ user: boolean; token: TokenRow | null }>;
  /** Inserts a WAIT token; null when the user already has a live one (a racing issue won). */
  createToken(userId: number, now: Date, expiresAt: Date): Promise<CreatedToken | null>;
  /** Moves a live WAIT token's idle deadline to `expiresAt` if that moves it by at least `gapSeconds`. */
  touchToken(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<Date | null>;
  /** One round trip: the token, its departures ahead, the admission window; refreshes a WAIT deadline like `touchToken`. */
  poll(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<PollRow | null>;
  /**
   * One admission tick, atomic in the store: retire lapsed tokens, then admit the earliest live WAIT
   * tokens into free capacity (capacity and rate cap from queue_settings, paused admits none); null
   * when skipped (lock busy, or ticked too recently).
   */
  admit(options: AdmitOptions): Promise<AdmissionOutcome | null>;
}
