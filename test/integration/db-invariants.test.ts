import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createConcertWithSeats, createUser } from "../helpers/fixtures";

// Each invariant the database owns rejects a violating write, even one that skips the app's code.
async function rejects(write: () => Promise<unknown>, pattern: RegExp) {
  await expect(write()).rejects.toThrow(pattern);
}

async function seatAndUser() {
  const concert = await createConcertWithSeats({ seats: 2 });
  return { seat: concert.schedules[0]!.seats[0]!, user: await createUser({ balance: 1000 }) };
}

describe("database invariants", () => {
  it("keeps balances at or above 0 (the 100,000,000 cap is on charges, in applyBalanceChange: refunds may pass it)", async () => {
    const user = await createUser({ balance: 10 });
    await rejects(
      () => prisma.$executeRaw`UPDATE users SET balance = -1 WHERE id = ${user.id}`,
      /users_balance_nonnegative/,
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(10);
  });

  it("refuses a duplicate email, a non-positive price, and rows pointing at nothing", async () => {
    const user = await createUser();
    await rejects(() => createUser({ email: user.email }), /Unique constraint|P2002/);
    const { seat } = await seatAndUser();
    await rejects(() => prisma.$executeRaw`UPDATE seats SET price = 0 WHERE id = ${seat.id}`, /seats_price_positive/);
    await rejects(
      () => prisma.reservation.create({ data: { userId: 999_999, seatId: seat.id, price: 1, expiresAt: new Date() } }),
      /Foreign key|P2003/,
    );
    await rejects(
      () => prisma.seat.create({ data: { scheduleId: 999_999, seatNumber: 1, price: 1 } }),
      /Foreign key|P2003/,
    );
  });

  it("allows one live reservation per seat, but a new one after the old expired", async () => {
    const { seat, user } = await seatAndUser();
    const other = await createUser();
    const expiresAt = new Date(Date.now() + 60_000);
    const first = await prisma.reservation.create({ data: { userId: user.id, seatId: seat.id, price: 1, expiresAt } });
    await rejects(
      () => prisma.reservation.create({ data: { userId: other.id, seatId: seat.id, price: 1, expiresAt } }),
      /Unique constraint|P2002/,
    );
    await prisma.reservation.update({ where: { id: first.id }, data: { status: "EXPIRED" } });
    await prisma.reservation.create({ data: { userId: other.id, seatId: seat.id, price: 1, expiresAt } });
    expect(await prisma.reservation.count({ where: { seatId: seat.id } })).toBe(2);
  });

  it("allows one payment per reservation", async () => {
    const { seat, user } = await seatAndUser();
    const r = await prisma.reservation.create({
      data: { userId: user.id, seatId: seat.id, price: 5, expiresAt: new Date() },
    });
    await prisma.payment.create({ data: { reservationId: r.id, userId: user.id, amount: 5 } });
    await rejects(
      () => prisma.payment.create({ data: { reservationId: r.id, userId: user.id, amount: 5 } }),
      /Unique constraint|P2002/,
    );
    await rejects(
      () => prisma.$executeRaw`UPDATE payments SET amount = 0 WHERE reservation_id = ${r.id}`,
      /payments_amount_positive/,
    );
  });

  it("allows one idempotency key per user, the same key for another user", async () => {
    const [a, b] = [await createUser(), await createUser()];
    await prisma.idempotencyRecord.create({ data: { userId: a.id, key: "k1", requestHash: "h" } });
    await rejects(
      () => prisma.idempotencyRecord.create({ data: { userId: a.id, key: "k1", requestHash: "h" } }),
      /Unique constraint|P2002/,
    );
    await prisma.idempotencyRecord.create({ data: { userId: b.id, key: "k1", requestHash: "h" } });
  });

  it("allows one live queue token per user", async () => {
    const user = await createUser();
    const expiresAt = new Date(Date.now() + 60_000);
    await prisma.queueToken.create({ data: { userId: user.id, status: "WAIT", expiresAt } });
    await rejects(
      () => prisma.queueToken.create({ data: { userId: user.id, status: "ACTIVE", expiresAt } }),
      /Unique constraint|P2002/,
    );
    await prisma.queueToken.create({ data: { userId: user.id, status: "EXPIRED", expiresAt } });
  });

  it("refuses zero ledger amounts and a negative balance after", async () => {
    const user = await createUser();
    await rejects(
      () => prisma.ledgerEntry.create({ data: { userId: user.id, kind: "CHARGE", amount: 0, balanceAfter: 0 } }),
      /wallet_ledger_amount_nonzero/,
    );
    await rejects(
      () => prisma.ledgerEntry.create({ data: { userId: user.id, kind: "PAYMENT", amount: -5, balanceAfter: -5 } }),
      /wallet_ledger_balance_after_nonnegative/,
    );
  });
});

describe("schema.prisma and the migrations agree", () => {
  // Prisma 7 cannot diff offline here, so compare every model's table and columns with the migrated database.
  const schema = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
  const enums = new Set([...schema.matchAll(/^enum (\w+)/gm)].map((m) => m[1]));
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({
    name: name!,
    body: body!,
  }));
  const modelNames = new Set(models.map((m) => m.name));

  it.each(models.map((m) => [m.name, m.body] as const))("%s", async (_name, body) => {
    const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? _name;
    const expected = body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("//") && !line.startsWith("@@"))
      .map((line) => {
        const [field, type] = line.split(/\s+/) as [string, string];
        const base = type.replace(/[?[\]]/g, "");
        if (modelNames.has(base) && !enums.has(base)) return null; // relation field, no column
        return { column: /@map\("(\w+)"\)/.exec(line)?.[1] ?? field, nullable: type.endsWith("?") };
      })
      .filter((c): c is { column: string; nullable: boolean } => c !== null);
    const rows = await prisma.$queryRaw<{ column_name: string; is_nullable: string }[]>`
      SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`;
    const actual = Object.fromEntries(rows.map((r) => [r.column_name, r.is_nullable === "YES"]));
    expect(Object.fromEntries(expected.map((c) => [c.column, c.nullable]))).toEqual(actual);
  });
});
