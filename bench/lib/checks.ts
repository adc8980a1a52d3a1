import type { PrismaClient } from "../../lib/db/generated/client";
import { oneRow } from "../../lib/db/rows";

// What the scenarios prove in the database afterwards, not just from HTTP status codes.
export type Check = { name: string; ok: boolean; detail: string };

/** Live (held and not lapsed, or paid) reservations of a schedule versus the seats they occupy. */
export async function seatOccupancy(prisma: PrismaClient, scheduleId: number) {
  const row = oneRow(
    await prisma.$queryRaw<{ live: number; seats: number; confirmed: number; overlapping: number }[]>`
    SELECT count(*)::int AS live, count(DISTINCT r.seat_id)::int AS seats,
      count(*) FILTER (WHERE r.status = 'CONFIRMED')::int AS confirmed,
      (SELECT count(*)::int FROM (
        SELECT r2.seat_id FROM reservations r2 JOIN seats s2 ON s2.id = r2.seat_id
        WHERE s2.schedule_id = ${scheduleId}::int
          AND (r2.status = 'CONFIRMED' OR (r2.status = 'PAYMENT_PENDING' AND r2.expires_at > now()))
        GROUP BY r2.seat_id HAVING count(*) > 1) dup) AS overlapping
    FROM reservations r JOIN seats s ON s.id = r.seat_id
    WHERE s.schedule_id = ${scheduleId}::int
      AND (r.status = 'CONFIRMED' OR (r.status = 'PAYMENT_PENDING' AND r.expires_at > now()))`,
    "occupancy row",
  );
  const seats = oneRow(
    await prisma.$queryRaw<{ total: number; taken: number; sold: number }[]>`
    SELECT count(*)::int AS total,
      count(*) FILTER (WHERE sold_at IS NOT NULL OR hold_expires_at > now())::int AS taken,
      count(*) FILTER (WHERE sold_at IS NOT NULL)::int AS sold
    FROM seats WHERE schedule_id = ${scheduleId}::int`,
    "seat count row",
  );
  // Oversell: more live reservations than the seats they sit on, plus seats held/sold without a reservation.
  return {
    ...row,
    oversell: row.live - row.seats,
    seatsTotal: seats.total,
    seatsTaken: seats.taken,
    seatsSold: seats.sold,
  };
}

/** Every wallet equals the sum of its ledger; every payment has exactly one debit of its amount. */
export async function ledgerInvariants(prisma: PrismaClient): Promise<Check[]> {
  const balances = oneRow(
    await prisma.$queryRaw<{ users: number; mismatched: number }[]>`
    SELECT count(*)::int AS users, count(*) FILTER (WHERE u.balance <> COALESCE(l.total, 0))::int AS mismatched
    FROM users u LEFT JOIN (SELECT user_id, sum(amount)::bigint AS total FROM wallet_ledger GROUP BY user_id) l ON l.user_id = u.id`,
    "balance row",
  );
  const payments = oneRow(
    await prisma.$queryRaw<{ payments: number; badDebits: number; orphanDebits: number }[]>`
    SELECT (SELECT count(*)::int FROM payments) AS payments,
      (SELECT count(*)::int FROM payments p WHERE (
        SELECT count(*) FROM wallet_ledger w WHERE w.payment_id = p.id AND w.kind = 'PAYMENT' AND w.amount = -p.amount) <> 1) AS "badDebits",
      (SELECT count(*)::int FROM wallet_ledger w WHERE w.kind = 'PAYMENT' AND w.payment_id IS NULL) AS "orphanDebits"`,
    "payment check row",
  );
  return [
    {
      name: "balance = SUM(ledger) for every user",
      ok: balances.mismatched === 0,
      detail: `${balances.mismatched} of ${balances.users} users differ`,
    },
    {
      name: "one debit per payment",
      ok: payments.badDebits === 0 && payments.orphanDebits === 0,
      detail: `${payments.payments} payments, ${payments.badDebits} without exactly one matching debit, ${payments.orphanDebits} debits without a payment`,
    },
  ];
}

/** Per-user payment counts for a set of fans: each paid reservation charged once. */
export async function paymentsPerReservation(prisma: PrismaClient, reservationIds: number[]) {
  return oneRow(
    await prisma.$queryRaw<{ paid: number; confirmed: number; doubleDebits: number; debits: number }[]>`
    SELECT (SELECT count(*)::int FROM payments WHERE reservation_id = ANY(${reservationIds}::int[])) AS paid,
      (SELECT count(*)::int FROM reservations WHERE id = ANY(${reservationIds}::int[]) AND status = 'CONFIRMED') AS confirmed,
      (SELECT count(*)::int FROM (SELECT p.reservation_id FROM payments p JOIN wallet_ledger w ON w.payment_id = p.id
        WHERE p.reservation_id = ANY(${reservationIds}::int[]) GROUP BY p.reservation_id HAVING count(*) > 1) d) AS "doubleDebits",
      (SELECT count(*)::int FROM wallet_ledger w JOIN payments p ON p.id = w.payment_id
        WHERE p.reservation_id = ANY(${reservationIds}::int[]) AND w.kind = 'PAYMENT') AS debits`,
    "payment count row",
  );
}

/** Database work per request: transactions committed and rows read, from pg_stat_database. */
export async function dbCounters(prisma: PrismaClient) {
  const row = oneRow(
    await prisma.$queryRaw<{ xacts: bigint; returned: bigint; fetched: bigint; written: bigint }[]>`
    SELECT xact_commit + xact_rollback AS xacts, tup_returned AS returned, tup_fetched AS fetched,
      tup_inserted + tup_updated + tup_deleted AS written
    FROM pg_stat_database WHERE datname = current_database()`,
    "pg_stat_database row",
  );
  return {
    xacts: Number(row.xacts),
    returned: Number(row.returned),
    fetched: Number(row.fetched),
    written: Number(row.written),
  };
}

/** The checks every selling scenario ends with: nothing oversold, and no fan's journey ended in an error. */
export function saleChecks(
  occupancy: Awaited<ReturnType<typeof seatOccupancy>>,
  errors: (string | undefined)[],
): Check[] {
  return [
    {
      name: "oversell = 0 (database)",
      ok: occupancy.oversell === 0 && occupancy.overlapping === 0 && occupancy.confirmed === occupancy.seatsSold,
      detail: `${occupancy.confirmed} confirmed reservations, ${occupancy.seatsSold} seats sold`,
    },
    {
      name: "no fan hit an error",
      ok: errors.length === 0,
      detail: errors.length ? `${errors.length}: ${errors.slice(0, 3).join(" | ")}` : "0",
    },
  ];
}
