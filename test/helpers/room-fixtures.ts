import { randomBytes } from "node:crypto";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import * as tokenRoute from "@/app/api/queue/token/users/[userId]/route";
import { prisma } from "@/lib/db/prisma";
import { drawCommitment, entrantsHash } from "@/lib/queue/draw-formula";
import type { QueueStore } from "@/lib/queue/queue-store";
import { call, sessionCookie } from "./http";

// Dedicated waiting rooms for integration tests: created the way PUT .../room creates them (a secret seed
// and its commitment), and driven through the real route handlers.

export type RoomOptions = {
  prequeueOpensAt?: Date;
  salesStartAt?: Date;
  activeCapacity?: number | null;
  admitPerSecond?: number | null;
  holdRequiresFunds?: boolean;
  maxTicketsPerFan?: number;
  paused?: boolean;
};

/** A dedicated room already on sale unless told otherwise (opened and started a minute ago). */
export async function createRoom(concertId: number, options: RoomOptions = {}) {
  const seed = randomBytes(32);
  const past = new Date(Date.now() - 60_000);
  const salesStartAt = options.salesStartAt ?? options.prequeueOpensAt ?? past;
  // A sale that has already started had its (empty) draw, so tokens can be written straight to the table.
  const drawn =
    salesStartAt <= new Date() ? { drawnAt: salesStartAt, entrantsHash: entrantsHash([]), entrantCount: 0 } : {};
  return prisma.queueRoom.create({
    data: {
      concertId,
      prequeueOpensAt: options.prequeueOpensAt ?? past,
      salesStartAt,
      ...drawn,
      activeCapacity: options.activeCapacity ?? null,
      admitPerSecond: options.admitPerSecond ?? null,
      holdRequiresFunds: options.holdRequiresFunds ?? false,
      maxTicketsPerFan: options.maxTicketsPerFan ?? 4,
      paused: options.paused ?? false,
      drawSeed: seed,
      drawCommitment: drawCommitment(seed),
    },
  });
}

/** Endpoint 1 with `{concertId}` (or without a body: the general room). */
export async function joinRoom(userId: number, concertId: number | null, headers?: Record<string, string>) {
  return call(tokenRoute.POST, "POST", `/api/queue/token/users/${userId}`, {
    params: { userId: String(userId) },
    headers: headers ?? (await sessionCookie(userId)),
    ...(concertId === null ? {} : { body: { concertId } }),
  });
}

export async function hold(
  fan: { id: number; cookie: Record<string, string>; token: string },
  ids: { concertId: number; scheduleId: number; seatId: number },
) {
  return call(reservations.POST, "POST", "/api/concerts/reservations", {
    headers: { ...fan.cookie, authorization: `Bearer ${fan.token}` },
    body: { userId: fan.id, ...ids },
  });
}

export async function payFor(
  fan: { id: number; cookie: Record<string, string>; token: string },
  reservationId: number,
) {
  return call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
    params: { userId: String(fan.id) },
    headers: { ...fan.cookie, authorization: `Bearer ${fan.token}` },
    body: { reservationId },
  });
}

/** ACTIVE tokens of each of `roomIds` as the queue store counts them (what capacity is checked against). */
export async function activeByRoom(store: QueueStore, roomIds: number[]): Promise<Map<number, number>> {
  const counts = await Promise.all(roomIds.map(async (id) => [id, (await store.roomCounts(id)).active] as const));
  return new Map(counts);
}
