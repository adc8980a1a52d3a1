import { afterEach, describe, expect, it } from "vitest";
import * as drawRoute from "@/app/api/concerts/[concertId]/room/draw/route";
import { clock } from "@/lib/http/with-route";
import { queueStatusSchema } from "@/lib/queue/queue-schemas";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";
import { createUsers, poll } from "../helpers/queue-fixtures";
import { createRoom, joinRoom } from "../helpers/room-fixtures";

// Endpoint 3's optional `drawnPlace`: a pre-queue entrant's place in the published draw once it has run,
// absent before the draw, for fans who joined after the start and in the general room (old clients see the
// same body as before).

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

describe("drawnPlace on the queue status", () => {
  it("is each entrant's place in the public draw after the start, and absent otherwise", async () => {
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    clock.now = () => at(0);
    const concert = await createConcertWithSeats({ seats: 3 });
    await createRoom(concert.id, { prequeueOpensAt: at(-10), salesStartAt: at(60), activeCapacity: 1 });
    const params = { concertId: String(concert.id) };

    const users = await createUsers(6);
    const entrants: { token: string; tokenId: number }[] = [];
    for (const id of users.slice(0, 5)) {
      const joined = await joinRoom(id, concert.id);
      expect(joined.status).toBe(200);
      entrants.push({ token: joined.body.token, tokenId: joined.body.tokenId });
    }
    // Before the start: a countdown, no place, no drawn place.
    const before = await poll(entrants[0]!.token);
    expect(before.body).toMatchObject({ saleState: "PREQUEUE", position: null });
    expect(before.body).not.toHaveProperty("drawnPlace");
    expect((await call(drawRoute.GET, "GET", `/api/concerts/${concert.id}/room/draw`, { params })).status).toBe(409);

    // The first poll after the start runs the draw.
    clock.now = () => at(61);
    await poll(entrants[4]!.token);
    const doc = (await call(drawRoute.GET, "GET", `/api/concerts/${concert.id}/room/draw`, { params })).body as {
      entrants: number[];
    };
    expect([...doc.entrants].sort((a, b) => a - b)).toEqual(entrants.map((e) => e.tokenId).sort((a, b) => a - b));
    for (const entrant of entrants) {
      const res = await poll(entrant.token);
      expect(res.status).toBe(200);
      expect(queueStatusSchema.parse(res.body)).toBeTruthy();
      const place = doc.entrants.indexOf(entrant.tokenId) + 1;
      expect(res.body.drawnPlace).toBe(place);
      // Capacity 1: the first drawn is shopping, the others wait in drawn order.
      if (place === 1) expect(res.body.status).toBe("ACTIVE");
      else expect(res.body).toMatchObject({ status: "WAIT", position: place - 1 });
    }

    // A fan who joins after the start queues behind every entrant and was in no draw.
    const late = await joinRoom(users[5]!, concert.id);
    const lateStatus = await poll(late.body.token);
    expect(lateStatus.body).toMatchObject({ status: "WAIT", position: 5 });
    expect(lateStatus.body).not.toHaveProperty("drawnPlace");

    // The general room has no draw.
    const general = await joinRoom(users[5]!, null);
    const generalStatus = await poll(general.body.token);
    expect(generalStatus.status).toBe(200);
    expect(generalStatus.body).not.toHaveProperty("drawnPlace");
  });
});
