import { describe, expect, it } from "vitest";
import { checkInSchema } from "@/lib/tickets/ticket-schemas";
import { prisma } from "@/lib/db/prisma";
import { encodeTicketCode } from "@/lib/tickets/ticket-code";
import { bookingState } from "../helpers/booking-fixtures";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/http";
import { adminHeaders, buy, cancel, checkIn, fundedFan, hold, payMany, ticketOf } from "../helpers/ticket-fixtures";

// POST /api/admin/check-in: a ticket is let in once, for its own show only.
async function setup() {
  const fan = await fundedFan(100_000);
  const concert = await createConcertWithSeats({ seats: 3, price: 10_000, schedules: 2 });
  const admin = await createUser();
  const headers = await adminHeaders(admin.id);
  return { fan, concert, admin, headers, scheduleId: concert.schedules[0]!.id };
}

describe("check-in at the door", () => {
  it("admits a ticket by its QR code once, records it and audits it; a second scan is 409 with the first time", async () => {
    const { fan, concert, admin, headers, scheduleId } = await setup();
    const [id] = await buy(fan, concert, [0]);
    const ticket = await ticketOf(fan, id!);

    const first = await checkIn(headers, { code: ticket.ticketCode, scheduleId });
    expect(first.status).toBe(200);
    expect(checkInSchema.parse(first.body)).toEqual(first.body);
    expect(first.body).toMatchObject({ reservationId: id, seatNumber: 1, sectionName: null });
    const row = await prisma.reservation.findUniqueOrThrow({ where: { id: id! } });
    expect(row.checkedInAt?.toISOString()).toBe(first.body.checkedInAt);
    expect(row.checkedInBy).toBe(admin.id);
    const audit = await prisma.auditEntry.findMany({ where: { target: `reservation:${id}` } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["ticket.check_in", admin.id]]);
    expect((await ticketOf(fan, id!)).checkedInAt).toBe(first.body.checkedInAt);

    const before = await bookingState();
    for (const code of [ticket.ticketCode!, ticket.bookingNumber!, ticket.bookingNumber!.toLowerCase()]) {
      expect((await checkIn(headers, { code, scheduleId })).body).toEqual({
        code: 409,
        message: "already checked in",
        error: "already_checked_in",
        detail: first.body.checkedInAt,
      });
    }
    expect(await bookingState()).toEqual(before);
    expect(await prisma.auditEntry.count({ where: { target: `reservation:${id}` } })).toBe(1);
    // a used ticket cannot be refunded afterwards
    expect((await cancel(fan, id!)).body).toMatchObject({ code: 409, error: "already_checked_in" });
  });

  it("admits by booking number, typed in any case with a dash", async () => {
    const { fan, concert, headers, scheduleId } = await setup();
    const [id] = await buy(fan, concert, [1]);
    const number = (await ticketOf(fan, id!)).bookingNumber!;
    const typed = `${number.slice(0, 4)}-${number.slice(4)}`.toLowerCase();
    expect((await checkIn(headers, { code: typed, scheduleId })).body).toMatchObject({ reservationId: id });
  });

  it("20 simultaneous scans of one ticket admit it once", async () => {
    const { fan, concert, headers, scheduleId } = await setup();
    const [id] = await buy(fan, concert, [0]);
    const { ticketCode, bookingNumber } = await ticketOf(fan, id!);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkIn(headers, { code: i % 2 ? ticketCode : bookingNumber, scheduleId })),
    );
    const admitted = results.filter((r) => r.status === 200);
    expect(admitted).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.body).toMatchObject({ code: 409, error: "already_checked_in", detail: admitted[0]!.body.checkedInAt });
    }
    expect(await prisma.auditEntry.count({ where: { action: "ticket.check_in", target: `reservation:${id}` } })).toBe(
      1,
    );
  });

  it("a scan racing the fan's cancel: either let in (and not refunded) or refunded (and refused at the door)", async () => {
    for (let round = 0; round < 8; round++) {
      const { fan, concert, headers, scheduleId } = await setup();
      const [id] = await buy(fan, concert, [0]);
      const { ticketCode } = await ticketOf(fan, id!);
      const [scan, cancelled] = await Promise.all([
        checkIn(headers, { code: ticketCode, scheduleId }),
        cancel(fan, id!),
      ]);
      const row = await prisma.reservation.findUniqueOrThrow({ where: { id: id! } });
      if (scan.status === 200) {
        expect(cancelled.body).toMatchObject({ error: "already_checked_in" });
        expect(row).toMatchObject({ status: "CONFIRMED" });
        expect(await prisma.ledgerEntry.count({ where: { userId: fan.id, kind: "REFUND" } })).toBe(0);
      } else {
        expect(scan.body).toMatchObject({ error: "invalid_ticket", detail: "cancelled: the ticket was cancelled" });
        expect(cancelled.status).toBe(200);
        expect(row).toMatchObject({ status: "CANCELLED", checkedInAt: null });
      }
    }
  });

  it("refuses another schedule's, cancelled, unpaid, unknown and forged tickets with the reason, changing nothing", async () => {
    const { fan, concert, headers, scheduleId } = await setup();
    const ids = [await hold(fan, concert, 0), await hold(fan, concert, 1), await hold(fan, concert, 0, 1)];
    const pending = await hold(fan, concert, 2);
    expect((await payMany(fan, ids)).status).toBe(200);
    const [valid, cancelledId, otherShow] = ids as [number, number, number];
    expect((await cancel(fan, cancelledId)).status).toBe(200);
    const code = (await ticketOf(fan, valid)).ticketCode!;
    const before = await bookingState();
    const audits = await prisma.auditEntry.count();

    const refusals: [unknown, string][] = [
      [{ code, scheduleId: concert.schedules[1]!.id }, `another schedule: this ticket is for schedule ${scheduleId}`],
      [{ code: encodeTicketCode(cancelledId, scheduleId), scheduleId }, "cancelled: the ticket was cancelled"],
      [{ code: encodeTicketCode(pending, scheduleId), scheduleId }, "unpaid: the reservation was never paid"],
      [{ code: encodeTicketCode(2_000_000, scheduleId), scheduleId }, "unknown: no such ticket"],
      [{ code: "ZZZZ2222", scheduleId }, "unknown: no such ticket"],
      [
        { code: `${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`, scheduleId },
        "forged: the ticket code's signature does not match",
      ],
      [
        { code: code.replace(`TK1.${valid}.`, `TK1.${valid + 1}.`), scheduleId },
        "forged: the ticket code's signature does not match",
      ],
      [{ code: "hello", scheduleId }, "unknown: neither a ticket code nor a booking number"],
    ];
    for (const [body, detail] of refusals) {
      const res = await checkIn(headers, body);
      expect(res.body, JSON.stringify(body)).toEqual({
        code: 400,
        message: "invalid ticket",
        error: "invalid_ticket",
        detail,
      });
    }
    const other = (await ticketOf(fan, otherShow)).bookingNumber!;
    expect((await checkIn(headers, { code: other, scheduleId })).body.detail).toBe(
      `another schedule: this ticket is for schedule ${concert.schedules[1]!.id}`,
    );
    expect((await checkIn(headers, { code, scheduleId: 2_000_000 })).body).toMatchObject({
      code: 404,
      error: "schedule_not_found",
    });
    for (const body of [
      { code: "", scheduleId },
      { code, scheduleId: 0 },
      { code },
      { code, scheduleId, x: 1 },
      { code: 5, scheduleId },
    ]) {
      const res = await checkIn(headers, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe("bad_request");
    }
    expect(await bookingState()).toEqual(before);
    expect(await prisma.auditEntry.count()).toBe(audits);
  });

  it("is for admins only: anonymous 401, a fan 403 (session or API key), read from the database each time", async () => {
    const { fan, concert, admin, headers, scheduleId } = await setup();
    const [id] = await buy(fan, concert, [0]);
    const { ticketCode } = await ticketOf(fan, id!);
    const body = { code: ticketCode, scheduleId };
    expect((await checkIn({}, body)).body).toMatchObject({ code: 401, error: "authentication_required" });
    expect((await checkIn(fan.cookie, body)).body).toMatchObject({ code: 403, error: "forbidden" });
    expect((await checkIn(await apiKeyHeader(fan.id), body)).status).toBe(403);
    await prisma.user.update({ where: { id: admin.id }, data: { role: "FAN" } });
    expect((await checkIn(headers, body)).status).toBe(403);
    expect((await checkIn(await sessionCookie(admin.id), body)).status).toBe(403);
    expect((await prisma.reservation.findUniqueOrThrow({ where: { id: id! } })).checkedInAt).toBeNull();
  });
});
