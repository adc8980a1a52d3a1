import "server-only";
import type { DbTx } from "../db/prisma";
import type { AdmissionWindow, QueueStatusValue } from "./queue-rules";
import type { Room } from "./find-room";
import type { RoomFacts } from "./room-rules";

// The waiting room's storage, behind one interface so that a Redis implementation can replace Postgres
// without touching the use cases. Any implementation must keep the guarantees listed under "What a store
// implementation must keep" in docs/decisions/0002-waiting-room-capacity-and-position.md, per room (dense
// join numbers visible in order, one live token per user and room, admission under one lock per room shared
// by every process, every departure counted once) and the draw's (docs/decisions/0010-waiting-rooms.md).

export type TokenRow = {
  id: number;
  userId: number;
  roomId: number;
  /** Join number within the room; null for a pre-queue entrant until the draw. */
  seq: number | null;
  status: QueueStatusValue;
  createdAt: Date;
  expiresAt: Date;
};

/** What a poll shows of the token's room. */
export type PollRoom = RoomFacts & {
  drawCommitment: string | null;
  /** Entrants so far, while the draw has not run. */
  entrants: number;
  onlyHeldLeft: boolean;
};

/** Everything one status poll needs, read in one go. */
export type PollRow = TokenRow & {
  /** Tokens of the room with a smaller join number that have left the WAIT line (for a numbered WAIT row). */
  departedAhead: number | null;
  window: AdmissionWindow;
  lastTickAt: Date | null;
  room: PollRoom;
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
  /** The sale has started and the pre-queue draw has not run: nothing was admitted; run it and tick again. */
  drawDue: boolean;
};

export type AdmitOptions = {
  roomId: number;
  now: Date;
  /** Defaults for the room's NULL settings (QUEUE_ACTIVE_CAPACITY, QUEUE_ADMIT_PER_SECOND). */
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

/** The draw as it was installed. */
export type DrawResult = { entrantsHash: string; entrants: number[]; drawnAt: Date };

export interface QueueStore {
  findToken(id: number): Promise<TokenRow | null>;
  /**
   * The room a join goes to (`concertId` null: the general room; 404 concert_not_found): its settings, and its
   * sold-out flag, draw and last tick as the store holds them (Redis: without reading Postgres).
   */
  findRoomForJoin(concertId: number | null): Promise<Room>;
  /** `user: false` when the user does not exist; `token` is their WAIT/ACTIVE row in the room, lapsed or not. */
  findUserLiveToken(userId: number, roomId: number): Promise<{ user: boolean; token: TokenRow | null }>;
  /**
   * Inserts a WAIT token in the room; null when the user already has a live one there (a racing issue won);
   * "draw pending" when the room's sale has started and its draw must run first. `salesStartAt`: the room's,
   * when the caller has read it (the store looks it up otherwise).
   */
  createToken(
    userId: number,
    roomId: number,
    now: Date,
    expiresAt: Date,
    salesStartAt?: Date | null,
  ): Promise<CreatedToken | null | "draw pending">;
  /** Moves a live WAIT token's idle deadline to `expiresAt` if that moves it later by at least `gapSeconds`. */
  touchToken(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<Date | null>;
  /** One round trip: the token, its room, its departures ahead; refreshes a WAIT deadline like `touchToken`. */
  poll(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<PollRow | null>;
  /**
   * One admission tick of one room, atomic in the store: retire lapsed tokens, then admit the earliest live
   * WAIT tokens into free capacity (capacity and rate cap from the room, paused, closed or sold out admits
   * none); null when skipped (lock busy, or ticked too recently).
   */
  admit(options: AdmitOptions): Promise<AdmissionOutcome | null>;
  /**
   * The pre-queue draw of a room whose sale has started, once: numbers every entrant in drawn order ahead of
   * anyone who joins later, atomically with respect to joins and ticks. Null when the room has no draw to run
   * (none, already drawn, or not started).
   */
  runDraw(roomId: number, now: Date, order: (seed: Buffer, ids: number[]) => DrawOrder): Promise<DrawResult | null>;
  /** Fans in the room's line (pre-queue entrants included) and shopping (ACTIVE), without scanning the line. */
  roomCounts(roomId: number): Promise<{ waiting: number; active: number }>;
  /** The drawn order of a room's entrants (token ids), once the draw has run. */
  drawnEntrants(roomId: number): Promise<number[]>;

  // Writes that booking, payment and the organizer make, inside their own Postgres transaction `tx` (seats and
  // money stay in Postgres). The rules they keep: docs/decisions/0002-waiting-room-capacity-and-position.md.

  /**
   * A seat hold keeps an ACTIVE token alive until `until`, never past admission + `capSeconds`; only a token
   * still ACTIVE and not lapsed by `now`, atomically with respect to the tick (never revives a retired one).
   */
  extendActiveToken(tx: DbTx, tokenId: number, until: Date, now: Date, capSeconds: number): Promise<void>;
  /** min(`wanted`, admission + `capSeconds`) for the token; `wanted` when the token is unknown. */
  holdDeadline(tx: DbTx, tokenId: number, wanted: Date, capSeconds: number): Promise<Date>;
  /** After a payment: ends the fan's ACTIVE token of the room unless they have another pending hold there. */
  endActiveTokenAfterPayment(tx: DbTx, userId: number, roomId: number, now: Date): Promise<void>;
  /** An organizer changed the room's settings (pause, close, times): what polls show follows at once. */
  roomChanged(roomId: number): Promise<void>;
  /** A sale or a refund changed whether the room is sold out (`markSoldOutIfNoneLeft`, `clearSoldOut`). */
  soldOutChanged(roomId: number, soldOut: boolean): Promise<void>;
  /** The sale start moved later: pre-queue entrants' deadlines move to at least `deadline`. */
  postponeEntrants(tx: DbTx, roomId: number, deadline: Date): Promise<void>;
}

export type DrawOrder = { entrantsHash: string; order: number[] };
