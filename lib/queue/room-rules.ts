// A waiting room's state as a pure function of its settings, what its last admission tick found, and `now`
// (ONSALE.md, "Rooms"). Storage supplies the fields; these decide.

export type SaleState = "CLOSED" | "SOLD_OUT" | "UPCOMING" | "PREQUEUE" | "PAUSED" | "ON_SALE";

export const SALE_STATES = ["CLOSED", "SOLD_OUT", "UPCOMING", "PREQUEUE", "PAUSED", "ON_SALE"] as const;

/** The general room: the one the original endpoints use, for every concert without a room of its own. */
export const GENERAL_ROOM_ID = 1;

export type RoomFacts = {
  /** null for the general room. */
  concertId: number | null;
  prequeueOpensAt: Date | null;
  salesStartAt: Date | null;
  paused: boolean;
  closedAt: Date | null;
  /** Every seat of the concert's future schedules is sold (as the last tick, or a fresh check, found). */
  soldOut: boolean;
  drawnAt: Date | null;
};

/**
 * First match wins: CLOSED > SOLD_OUT > UPCOMING > PREQUEUE > PAUSED > ON_SALE. A room stays in PREQUEUE
 * after `salesStartAt` until its draw has run (the first admission tick at or after the start runs it).
 */
export function saleState(room: RoomFacts, now: Date): SaleState {
  if (room.closedAt !== null) return "CLOSED";
  if (room.soldOut) return "SOLD_OUT";
  if (room.prequeueOpensAt !== null && now < room.prequeueOpensAt) return "UPCOMING";
  if (room.salesStartAt !== null && (now < room.salesStartAt || room.drawnAt === null)) return "PREQUEUE";
  if (room.paused) return "PAUSED";
  return "ON_SALE";
}

/** A token issued before the sale starts is an entrant of the draw and does not idle-expire before it. */
export function joinDeadline(room: RoomFacts, now: Date, idleTimeoutSeconds: number): Date {
  const idle = idleTimeoutSeconds * 1000;
  if (room.salesStartAt !== null && room.drawnAt === null && now < room.salesStartAt) {
    return new Date(room.salesStartAt.getTime() + idle);
  }
  return new Date(now.getTime() + idle);
}

/**
 * During PREQUEUE every entrant is told to come back after the start, spread evenly by token id over
 * max(5, entrants / 2,000) seconds, so the draw's first second is not everyone's first poll.
 */
export function prequeueRetryAfterSeconds(input: {
  tokenId: number;
  salesStartAt: Date;
  now: Date;
  entrants: number;
}): number {
  const spread = Math.max(5, Math.ceil(input.entrants / 2_000));
  const untilStart = Math.max(0, Math.ceil((input.salesStartAt.getTime() - input.now.getTime()) / 1000));
  return untilStart + (input.tokenId % spread) + 1;
}

/** Sold out: fans keep their place (a refund may bring a seat back) but have nothing to poll for often. */
export const SOLD_OUT_POLL_SECONDS = 30;
