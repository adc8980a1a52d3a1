import { describe, expect, it } from "vitest";
import * as charge from "@/app/api/balance/users/[userId]/charge/route";
import * as balance from "@/app/api/balance/users/[userId]/route";
import * as history from "@/app/api/balance/users/[userId]/history/route";
import { prisma } from "@/lib/db/prisma";
import { MAX_BALANCE, applyBalanceChange } from "@/lib/wallet/apply-balance-change";
import { chargeBalance } from "@/lib/wallet/charge-balance";
import { getBalance } from "@/lib/wallet/get-balance";
import { listBalanceHistory } from "@/lib/wallet/list-balance-history";
import { call, sessionCookie } from "../helpers/http";
import { createUser } from "../helpers/fixtures";

const chargeAs = async (userId: number, amount: unknown, headers: Record<string, string> = {}) =>
  call(charge.POST, "POST", `/api/balance/users/${userId}/charge`, {
    params: { userId: String(userId) },
    body: { amount },
    headers: { ...(await sessionCookie(userId)), ...headers },
  });

async function ledgerOf(userId: number) {
  const rows = await prisma.ledgerEntry.findMany({ where: { userId }, orderBy: { id: "asc" } });
  return { rows, sum: rows.reduce((s, r) => s + r.amount, 0) };
}

/** Every entry's balanceAfter is the previous one plus its amount: no change was lost or reordered. */
function expectChained(rows: { amount: number; balanceAfter: number }[]) {
  let running = 0;
  for (const row of rows) {
    running += row.amount;
    expect(row.balanceAfter).toBe(running);
  }
}

describe("charge and balance (endpoints 8 and 9)", () => {
  it("starts at 0, charges, and reads the balance back", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const before = await call(balance.GET, "GET", `/api/balance/users/${user.id}`, {
      params: { userId: String(user.id) },
      headers: cookie,
    });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ userId: user.id, currentAmount: 0 });

    const charged = await chargeAs(user.id, 50_000);
    expect(charged.status).toBe(200);
    expect(charged.body).toEqual({ userId: user.id, currentAmount: 50_000 });
    expect((await chargeAs(user.id, 1_000_000)).body.currentAmount).toBe(1_050_000);

    const after = await call(balance.GET, "GET", `/api/balance/users/${user.id}`, {
      params: { userId: String(user.id) },
      headers: cookie,
    });
    expect(after.body).toEqual({ userId: user.id, currentAmount: 1_050_000 });
    const { rows, sum } = await ledgerOf(user.id);
    expect(rows.map((r) => [r.kind, r.amount, r.balanceAfter])).toEqual([
      ["CHARGE", 50_000, 50_000],
      ["CHARGE", 1_000_000, 1_050_000],
    ]);
    expect(sum).toBe(1_050_000);
  });

  it("refuses a charge that would pass 100,000,000 with detail 'balance limit' and changes nothing", async () => {
    const user = await createUser({ balance: MAX_BALANCE - 500 });
    const res = await chargeAs(user.id, 501);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 400,
      message: "invalid charge amount",
      error: "balance_limit",
      detail: "balance limit",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(MAX_BALANCE - 500);
    expect(await prisma.ledgerEntry.count({ where: { userId: user.id } })).toBe(0);
    const exact = await chargeAs(user.id, 500);
    expect(exact.body.currentAmount).toBe(MAX_BALANCE);
  });

  it("a deleted user's session ends with the account (401); the use cases still answer 404 user not found", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    await prisma.user.delete({ where: { id: user.id } });
    const refused = { code: 401, message: "authentication required", error: "authentication_required" };
    const charged = await call(charge.POST, "POST", `/api/balance/users/${user.id}/charge`, {
      params: { userId: String(user.id) },
      body: { amount: 100 },
      headers: cookie,
    });
    expect(charged.body).toEqual(refused);
    const keyed = await call(charge.POST, "POST", `/api/balance/users/${user.id}/charge`, {
      params: { userId: String(user.id) },
      body: { amount: 100 },
      headers: { ...cookie, "idempotency-key": "k1" },
    });
    expect(keyed.body).toEqual(refused);
    const read = await call(balance.GET, "GET", `/api/balance/users/${user.id}`, {
      params: { userId: String(user.id) },
      headers: cookie,
    });
    expect(read.body).toEqual(refused);
    // An identity resolved just before the account went (a race) reaches the use cases, which say so.
    const notFound = { status: 404, message: "user not found", kind: "user_not_found" };
    await expect(chargeBalance(user.id, 100, new Date())).rejects.toMatchObject(notFound);
    await expect(getBalance(user.id)).rejects.toMatchObject(notFound);
    await expect(listBalanceHistory(user.id, {})).rejects.toMatchObject(notFound);
  });
});

describe("concurrent charges (real requests against real Postgres)", () => {
  it("100 concurrent charges of 1,000 raise the balance by exactly 100,000 and the ledger sums to it", async () => {
    const user = await createUser({ balance: 0 });
    const cookie = await sessionCookie(user.id);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(charge.POST, "POST", `/api/balance/users/${user.id}/charge`, {
          params: { userId: String(user.id) },
          body: { amount: 1_000 },
          headers: cookie,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(100);
    // Every response saw a different balance: each charge acted on the previous one's result.
    expect(new Set(results.map((r) => r.body.currentAmount)).size).toBe(100);
    expect(Math.max(...results.map((r) => r.body.currentAmount))).toBe(100_000);
    const { balance: final } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(final).toBe(100_000);
    const { rows, sum } = await ledgerOf(user.id);
    expect(rows).toHaveLength(100);
    expect(sum).toBe(final);
    expectChained(rows);
  });

  it("concurrent charges near the limit never take the balance past 100,000,000", async () => {
    const start = MAX_BALANCE - 10_500;
    const user = await createUser({ balance: 0 });
    // Reach the starting balance through the ledger, so "balance equals the ledger's sum" holds throughout.
    await applyBalanceChange(prisma, { userId: user.id, delta: start, kind: "CHARGE", now: new Date() });
    const results = await Promise.all(Array.from({ length: 40 }, () => chargeAs(user.id, 1_000)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 400);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(30);
    for (const r of refused)
      expect(r.body).toEqual({
        code: 400,
        message: "invalid charge amount",
        error: "balance_limit",
        detail: "balance limit",
      });
    const { balance: final } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(final).toBe(start + 10_000);
    const { rows, sum } = await ledgerOf(user.id);
    expect(rows).toHaveLength(11);
    expect(sum).toBe(final);
    expectChained(rows);
  });

  it("charges and debits racing on one wallet keep balance = ledger sum and never go below 0", async () => {
    const user = await createUser();
    await applyBalanceChange(prisma, { userId: user.id, delta: 5_000, kind: "CHARGE", now: new Date() });
    const now = new Date();
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 30 }, () =>
        applyBalanceChange(prisma, { userId: user.id, delta: -1_000, kind: "PAYMENT", now }),
      ),
      ...Array.from({ length: 10 }, () =>
        applyBalanceChange(prisma, { userId: user.id, delta: 500, kind: "CHARGE", now }),
      ),
    ]);
    const debits = outcomes.slice(0, 30);
    const paid = debits.filter((o) => o.status === "fulfilled").length;
    for (const o of debits)
      if (o.status === "rejected") expect((o.reason as Error).message).toBe("Insufficient balance");
    expect(outcomes.slice(30).every((o) => o.status === "fulfilled")).toBe(true);
    const { balance: final } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(final).toBe(5_000 + 10 * 500 - paid * 1_000);
    // 10,000 in total covers at most ten debits; a refusal needs the first 5,000 spent, so at least five.
    expect(paid).toBeGreaterThanOrEqual(5);
    expect(paid).toBeLessThanOrEqual(10);
    expect(final).toBeGreaterThanOrEqual(0);
    const { rows, sum } = await ledgerOf(user.id);
    expect(sum).toBe(final);
    expectChained(rows);
  });
});

describe("history", () => {
  it("lists the ledger newest first, page by page with a cursor, with no gaps or repeats", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    for (let i = 1; i <= 25; i++) await chargeAs(user.id, i);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(history.GET, "GET", `/api/balance/users/${user.id}/history`, {
        params: { userId: String(user.id) },
        headers: cookie,
        query: { limit: "10", ...(cursor ? { cursor } : {}) },
      });
      expect(res.status).toBe(200);
      expect(res.body.userId).toBe(user.id);
      expect(res.body.entries.length).toBeLessThanOrEqual(10);
      seen.push(...res.body.entries.map((e: { amount: number }) => e.amount));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));

    const first = await call(history.GET, "GET", `/api/balance/users/${user.id}/history`, {
      params: { userId: String(user.id) },
      headers: cookie,
    });
    expect(first.body.entries).toHaveLength(20);
    expect(first.body.entries[0]).toEqual({
      id: expect.any(Number),
      kind: "CHARGE",
      amount: 25,
      balanceAfter: (25 * 26) / 2,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it("shows a payment entry with its paymentId, a negative amount and the seats it paid for", async () => {
    const user = await createUser();
    const now = new Date();
    await applyBalanceChange(prisma, { userId: user.id, delta: 20_000, kind: "CHARGE", now });
    const concert = await prisma.concert.create({
      data: {
        name: "C",
        artist: "A",
        venue: "V",
        schedules: {
          create: {
            concertAt: new Date(Date.now() + 86_400_000),
            reservationAt: now,
            seats: { create: { seatNumber: 1, price: 7_000 } },
          },
        },
      },
      include: { schedules: { include: { seats: true } } },
    });
    const seat = concert.schedules[0]!.seats[0]!;
    const reservation = await prisma.reservation.create({
      data: { userId: user.id, seatId: seat.id, price: 7_000, status: "CONFIRMED", expiresAt: now },
    });
    const payment = await prisma.payment.create({
      data: {
        reservationId: reservation.id,
        userId: user.id,
        amount: 7_000,
        lines: { create: { reservationId: reservation.id, amount: 7_000 } },
      },
    });
    await applyBalanceChange(prisma, { userId: user.id, delta: -7_000, kind: "PAYMENT", paymentId: payment.id, now });

    const res = await call(history.GET, "GET", `/api/balance/users/${user.id}/history`, {
      params: { userId: String(user.id) },
      headers: await sessionCookie(user.id),
    });
    expect(res.body.entries.map((e: object) => ({ ...e, id: 0, createdAt: "" }))).toEqual([
      {
        id: 0,
        kind: "PAYMENT",
        amount: -7_000,
        balanceAfter: 13_000,
        createdAt: "",
        paymentId: payment.id,
        tickets: [
          {
            reservationId: reservation.id,
            concertName: "C",
            concertAt: concert.schedules[0]!.concertAt.toISOString(),
            seatNumber: 1,
            sectionName: null,
            amount: 7_000,
          },
        ],
      },
      { id: 0, kind: "CHARGE", amount: 20_000, balanceAfter: 20_000, createdAt: "" },
    ]);
    expect(res.body.nextCursor).toBeNull();
  });
});

describe("applyBalanceChange: the cap is on charges only", () => {
  const now = new Date();
  const ledgerSum = async (userId: number) =>
    (await prisma.ledgerEntry.aggregate({ where: { userId }, _sum: { amount: true } }))._sum.amount ?? 0;

  it("lets a refund and a payment leave the balance above 100,000,000, and refuses a charge there", async () => {
    const user = await createUser();
    await applyBalanceChange(prisma, { userId: user.id, delta: MAX_BALANCE, kind: "CHARGE", now });
    const refund = await applyBalanceChange(prisma, { userId: user.id, delta: 5_000, kind: "REFUND", now });
    expect(refund.balanceAfter).toBe(MAX_BALANCE + 5_000);
    await expect(applyBalanceChange(prisma, { userId: user.id, delta: 1, kind: "CHARGE", now })).rejects.toMatchObject({
      kind: "balance_limit",
    });
    const payment = await applyBalanceChange(prisma, { userId: user.id, delta: -1_000, kind: "PAYMENT", now });
    expect(payment.balanceAfter).toBe(MAX_BALANCE + 4_000);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(MAX_BALANCE + 4_000);
    expect(await ledgerSum(user.id)).toBe(MAX_BALANCE + 4_000);
  });

  it("refuses a refund that would overflow the int4 column, and moves of the wrong sign, changing nothing", async () => {
    const user = await createUser();
    await prisma.$executeRaw`UPDATE users SET balance = 2147483000 WHERE id = ${user.id}`;
    await expect(
      applyBalanceChange(prisma, { userId: user.id, delta: 1_000, kind: "REFUND", now }),
    ).rejects.toMatchObject({ kind: "balance_limit" });
    await expect(applyBalanceChange(prisma, { userId: user.id, delta: -5, kind: "REFUND", now })).rejects.toThrow(
      /a REFUND cannot move -5/,
    );
    await expect(applyBalanceChange(prisma, { userId: user.id, delta: 5, kind: "PAYMENT", now })).rejects.toThrow(
      /a PAYMENT cannot move 5/,
    );
    await expect(applyBalanceChange(prisma, { userId: user.id, delta: -5, kind: "CHARGE", now })).rejects.toThrow(
      /a CHARGE cannot move -5/,
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(2_147_483_000);
    expect(await prisma.ledgerEntry.count({ where: { userId: user.id } })).toBe(0);
  });
});
