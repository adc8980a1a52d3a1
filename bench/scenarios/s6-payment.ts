import { ledgerInvariants, paymentsPerReservation } from "../lib/checks";
import { measureCannon, type Ctx, type ScenarioResult } from "../lib/context";
import { createConcert, createFans, identityHeaders, insertWaitingTokens } from "../lib/fixtures";
import { at } from "../lib/pick";
import { admitAllWaiting, emptyQueue } from "../lib/queue-control";
import type { Req } from "../load/protocol";

// 6. Payments: every fan holds one seat (taken through the API) and pays it three times at once: twice
// with the same Idempotency-Key (a retry) and once without (a double click). One debit each, and every
// wallet equals its ledger afterwards.
const PRICE = 10_000;
const OPENING_BALANCE = 50_000;

export async function payments(ctx: Ctx): Promise<Omit<ScenarioResult, "seconds" | "scenario" | "title">> {
  const fans = ctx.opts.sizes.payFans;
  const warmFans = Math.min(ctx.opts.sizes.connections, 16);
  await emptyQueue(ctx.prisma);
  const concert = await createConcert(ctx.prisma, fans + warmFans, PRICE);
  const ids = await createFans(ctx.prisma, fans + warmFans, OPENING_BALANCE);
  const headers = await identityHeaders(ctx.prisma, ids, ctx.opts.identity, ctx.authSecret);
  const tokens = await insertWaitingTokens(ctx.prisma, ids, ctx.env.idleSeconds);
  await admitAllWaiting(ctx.prisma, null);
  const auth = ids.map((_, i) => ({
    ...at(headers, i, "fan headers"),
    authorization: `Bearer ${at(tokens, i, "queue token").token}`,
  }));

  const holds = await ctx.load.cannon({
    base: ctx.base,
    connections: 16,
    amount: ids.length,
    requests: ids.map((userId, i) => ({
      method: "POST",
      path: "/api/concerts/reservations",
      headers: at(auth, i, "fan auth"),
      body: JSON.stringify({
        userId,
        concertId: concert.concertId,
        scheduleId: concert.scheduleId,
        seatId: at(concert.seatIds, i, "seat"),
      }),
    })),
  });
  const reservations = await ctx.prisma.reservation.findMany({
    where: { userId: { in: ids }, status: "PAYMENT_PENDING" },
    select: { id: true, userId: true },
  });
  const reservationOf = new Map(reservations.map((r) => [r.userId, r.id]));
  const pay = (i: number, key?: string): Req => {
    const userId = at(ids, i, "fan");
    const headers = at(auth, i, "fan auth");
    return {
      method: "POST",
      path: `/api/payment/concerts/users/${userId}`,
      headers: key ? { ...headers, "idempotency-key": key } : headers,
      body: JSON.stringify({ reservationId: reservationOf.get(userId) }),
    };
  };
  await ctx.load.cannon({
    base: ctx.base,
    connections: warmFans,
    amount: warmFans,
    requests: Array.from({ length: warmFans }, (_, i) => pay(fans + i)),
  });

  const requests: Req[] = [];
  for (let i = 0; i < fans; i++) {
    const key = `bench-pay-${at(ids, i, "fan")}`;
    requests.push(pay(i, key), pay(i, key), pay(i));
  }
  const row = await measureCannon(
    ctx,
    { id: "6", scenario: 6, label: "POST /api/payment/concerts/users/{id} (3 submits each)" },
    { amount: requests.length, requests },
  );
  const measuredReservations = ids
    .slice(0, fans)
    .map((id) => reservationOf.get(id))
    .filter((r): r is number => r !== undefined);
  const paid = await paymentsPerReservation(ctx.prisma, measuredReservations);
  const wallets = await ctx.prisma.user.findMany({
    where: { id: { in: ids.slice(0, fans) } },
    select: { balance: true },
  });
  const wrongBalance = wallets.filter((w) => w.balance !== OPENING_BALANCE - PRICE).length;
  const ledger = await ledgerInvariants(ctx.prisma);
  return {
    rows: [row],
    checks: [
      {
        name: "every fan got a hold",
        ok: reservationOf.size === ids.length,
        detail: `${reservationOf.size} of ${ids.length} holds (${JSON.stringify(holds.statuses)})`,
      },
      {
        name: "one payment per reservation",
        ok: paid.paid === fans && paid.confirmed === fans,
        detail: `${paid.paid} payments, ${paid.confirmed} confirmed, for ${fans} reservations`,
      },
      {
        name: "one debit each",
        ok: paid.doubleDebits === 0 && paid.debits === fans,
        detail: `${paid.debits} debits, ${paid.doubleDebits} reservations debited twice`,
      },
      {
        name: "each wallet charged once",
        ok: wrongBalance === 0,
        detail: `${wrongBalance} of ${fans} wallets not at ${OPENING_BALANCE - PRICE}`,
      },
      ...ledger,
    ],
    details: { fans, submissionsPerFan: 3, statuses: row.statuses },
  };
}
