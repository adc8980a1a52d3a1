import { expect } from "vitest";
import * as checkInRoute from "@/app/api/admin/check-in/route";
import * as cancelRoute from "@/app/api/concerts/reservations/[reservationId]/cancel/route";
import * as releaseRoute from "@/app/api/concerts/reservations/[reservationId]/route";
import * as reservations from "@/app/api/concerts/reservations/route";
import * as mine from "@/app/api/me/reservations/route";
import * as pay from "@/app/api/payment/concerts/users/[userId]/route";
import type { MyReservation } from "@/lib/booking/booking-schemas";
import { prisma } from "@/lib/db/prisma";
import { activeFan, fund } from "./booking-fixtures";
import type { createConcertWithSeats } from "./fixtures";
import { call, sessionCookie } from "./http";

// Calls of the ticket's life through the real route handlers, for the ticket tests.
export type Fan = Awaited<ReturnType<typeof activeFan>>;
export type Concert = Awaited<ReturnType<typeof createConcertWithSeats>>;

/** A fan with an ACTIVE token whose wallet was charged the ledger's way (balance = ledger sum from the start). */
export async function fundedFan(balance: number): Promise<Fan> {
  const fan = await activeFan();
  if (balance > 0) await fund(fan.id, balance);
  return fan;
}

export function reserve(fan: Fan, concert: Concert, index: number, scheduleIndex = 0) {
  const schedule = concert.schedules[scheduleIndex]!;
  return call(reservations.POST, "POST", "/api/concerts/reservations", {
    headers: fan.headers,
    body: { userId: fan.id, concertId: concert.id, scheduleId: schedule.id, seatId: schedule.seats[index]!.id },
  });
}

export async function hold(fan: Fan, concert: Concert, index: number, scheduleIndex = 0): Promise<number> {
  const res = await reserve(fan, concert, index, scheduleIndex);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.reservationId as number;
}

export function payMany(fan: Fan, reservationIds: number[], headers: Record<string, string> = {}) {
  return call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
    params: { userId: String(fan.id) },
    headers: { ...fan.headers, ...headers },
    body: { reservationIds },
  });
}

export function payOne(fan: Fan, reservationId: number, headers: Record<string, string> = {}) {
  return call(pay.POST, "POST", `/api/payment/concerts/users/${fan.id}`, {
    params: { userId: String(fan.id) },
    headers: { ...fan.headers, ...headers },
    body: { reservationId },
  });
}

/** A paid ticket: held and paid in one payment each. */
export async function buy(fan: Fan, concert: Concert, indexes: number[], scheduleIndex = 0): Promise<number[]> {
  const ids: number[] = [];
  for (const i of indexes) ids.push(await hold(fan, concert, i, scheduleIndex));
  const paid = await payMany(fan, ids);
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  return ids;
}

/** Identity only (the session cookie), as the contract says: no queue token. */
export function release(fan: Fan, reservationId: number | string) {
  return call(releaseRoute.DELETE, "DELETE", `/api/concerts/reservations/${reservationId}`, {
    params: { reservationId: String(reservationId) },
    headers: fan.cookie,
  });
}

export function cancel(fan: Fan, reservationId: number | string) {
  return call(cancelRoute.POST, "POST", `/api/concerts/reservations/${reservationId}/cancel`, {
    params: { reservationId: String(reservationId) },
    headers: fan.cookie,
  });
}

export async function adminHeaders(userId: number) {
  await prisma.user.update({ where: { id: userId }, data: { role: "ADMIN" } });
  return sessionCookie(userId);
}

export function checkIn(headers: Record<string, string>, body: unknown) {
  return call(checkInRoute.POST, "POST", "/api/admin/check-in", { headers, body });
}

export async function myReservations(fan: Fan): Promise<MyReservation[]> {
  const res = await call(mine.GET, "GET", "/api/me/reservations", { headers: fan.cookie });
  expect(res.status).toBe(200);
  return res.body.reservations;
}

export async function ticketOf(fan: Fan, reservationId: number): Promise<MyReservation> {
  const found = (await myReservations(fan)).find((r) => r.reservationId === reservationId);
  if (!found) throw new Error(`no reservation ${reservationId}`);
  return found;
}

/** Every user's balance equals the sum of their ledger: the invariant every race must keep. */
export async function expectBalancesMatchLedger(): Promise<void> {
  const rows = await prisma.$queryRaw<{ id: number; balance: number; ledger: number }[]>`
    SELECT u.id, u.balance, COALESCE(sum(l.amount), 0)::int AS ledger
    FROM users u LEFT JOIN wallet_ledger l ON l.user_id = u.id GROUP BY u.id`;
  for (const r of rows) expect(r.balance, `user ${r.id}`).toBe(r.ledger);
}

export const balanceOf = async (userId: number) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).balance;
