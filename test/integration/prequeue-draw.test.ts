import { afterEach, describe, expect, it } from "vitest";
import * as drawRoute from "@/app/api/concerts/[concertId]/room/draw/route";
import * as adminRoom from "@/app/api/admin/concerts/[concertId]/room/route";
import { prisma } from "@/lib/db/prisma";
import { clock } from "@/lib/http/with-route";
import { verifyDraw, type DrawDocument } from "@/scripts/verify-draw";
import { apiKeyHeader, createConcertWithSeats, createUser } from "../helpers/fixtures";
import { call, sessionCookie } from "../helpers/http";
import { createUsers, poll } from "../helpers/queue-fixtures";
import { joinRoom } from "../helpers/room-fixtures";

// The pre-queue draw (ONSALE.md, "The pre-queue draw") with a thousand fans, checked by the verifier that
// anyone can run against the public document.

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const FANS = 1_000;

describe("a pre-queue of a thousand fans", () => {
  it("is drawn at the start, admitted in the drawn order, and the public document verifies", async () => {
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    clock.now = () => at(0);
    const admin = await createUser({ role: "ADMIN" });
    const key = await apiKeyHeader(admin.id);
    const concert = await createConcertWithSeats({ seats: 5 });
    const roomPath = `/api/admin/concerts/${concert.id}/room`;
    const params = { concertId: String(concert.id) };
    const settings = { prequeueOpensAt: at(10).toISOString(), salesStartAt: at(10 + 1_800).toISOString() };
    const put = await call(adminRoom.PUT, "PUT", roomPath, {
      params,
      headers: key,
      body: { ...settings, activeCapacity: 100 },
    });
    expect(put.status).toBe(200);
    const commitment: string = put.body.drawCommitment;

    // The pre-queue opens: the room can no longer be replaced (the commitment stands).
    clock.now = () => at(11);
    const locked = await call(adminRoom.PUT, "PUT", roomPath, { params, headers: key, body: settings });
    expect(locked.body).toMatchObject({ code: 409, error: "room_locked" });

    const users = await createUsers(FANS);
    const entrants: { token: string; tokenId: number; returnsAt: number }[] = [];
    for (let i = 0; i < users.length; i += 50) {
      const batch = await Promise.all(
        users.slice(i, i + 50).map(async (id) => {
          const res = await joinRoom(id, concert.id, await sessionCookie(id));
          expect(res.body).toMatchObject({ status: "WAIT", saleState: "PREQUEUE", drawCommitment: commitment });
          const first = await poll(res.body.token);
          expect(first.body.position).toBeNull();
          const returnsAt = at(11).getTime() + Number(first.headers.get("retry-after")) * 1000;
          return { token: res.body.token as string, tokenId: res.body.tokenId as number, returnsAt };
        }),
      );
      entrants.push(...batch);
    }

    // The start is spread: of the first ten seconds after it, no second brings back more than its share.
    const start = at(10 + 1_800).getTime();
    const perSecond = new Map<number, number>();
    for (const e of entrants) {
      expect(e.returnsAt).toBeGreaterThan(start);
      const second = Math.floor((e.returnsAt - start) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const spread = Math.max(5, Math.ceil(FANS / 2_000));
    for (let s = 0; s < 10; s++) expect(perSecond.get(s) ?? 0).toBeLessThanOrEqual(Math.ceil(FANS / spread));
    expect([...perSecond.keys()].every((s) => s < spread + 1)).toBe(true);

    // Thirty minutes with no poll at all: every entrant is still in line at the start.
    clock.now = () => at(10 + 1_800 + 1);
    expect(await prisma.queueToken.count({ where: { roomId: put.body.roomId, status: "WAIT" } })).toBe(FANS);

    // The first poll after the start runs the draw; then admission goes a hundred at a time.
    let t = 10 + 1_800 + 1;
    for (let round = 0; round < 12; round++) {
      clock.now = () => at(t);
      await poll(entrants[round % FANS]!.token);
      // Everyone admitted so far finishes shopping (their slots free up for the next tick).
      await prisma.queueToken.updateMany({
        where: { roomId: put.body.roomId, status: "ACTIVE" },
        data: { status: "EXPIRED", endedAt: at(t) },
      });
      t += 1.1;
    }
    const res = await call(drawRoute.GET, "GET", `/api/concerts/${concert.id}/room/draw`, { params });
    expect(res.status).toBe(200);
    const doc = res.body as DrawDocument;
    expect(doc.entrants).toHaveLength(FANS);
    expect(new Set(doc.entrants)).toEqual(new Set(entrants.map((e) => e.tokenId)));

    // Admission followed the drawn order exactly: by activation time, then within one tick by join number.
    const admitted = await prisma.queueToken.findMany({
      where: { roomId: put.body.roomId, activatedAt: { not: null } },
      orderBy: [{ activatedAt: "asc" }, { seq: "asc" }],
      select: { id: true },
    });
    expect(admitted).toHaveLength(FANS);
    expect(admitted.map((a) => a.id)).toEqual(doc.entrants);

    const verdict = verifyDraw(doc, { commitment, tokenId: entrants[0]!.tokenId });
    expect(verdict.failures).toEqual([]);

    // And the verifier catches every kind of tampering with the published document.
    const swapped = [...doc.entrants];
    [swapped[10], swapped[11]] = [swapped[11]!, swapped[10]!];
    for (const tampered of [
      { ...doc, drawSeed: "ab".repeat(32) },
      { ...doc, entrantsHash: "cd".repeat(32) },
      { ...doc, entrants: doc.entrants.slice(1) },
      { ...doc, entrants: [...doc.entrants, 99_999_999] },
      { ...doc, entrants: swapped },
    ]) {
      expect(verifyDraw(tampered).ok).toBe(false);
    }
  }, 240_000);
});
