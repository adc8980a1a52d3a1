import { describe, expect, it } from "vitest";
import * as concerts from "@/app/api/concerts/route";
import { concertListSchema } from "@/lib/catalogue/catalogue-schemas";
import { createConcertWithSeats } from "../helpers/fixtures";
import { call } from "../helpers/http";

const DAY = 24 * 3600 * 1000;

describe("GET /api/concerts", () => {
  it("lists the soonest concert first and concerts with nothing ahead last", async () => {
    const later = await createConcertWithSeats({ seats: 1, concertAt: new Date(Date.now() + 20 * DAY) });
    const past = await createConcertWithSeats({
      seats: 1,
      concertAt: new Date(Date.now() - DAY),
      reservationAt: new Date(Date.now() - 2 * DAY),
    });
    const sooner = await createConcertWithSeats({ seats: 1, concertAt: new Date(Date.now() + 3 * DAY) });

    const res = await call(concerts.GET, "GET", "/api/concerts");
    expect(res.status).toBe(200);
    const body = concertListSchema.parse(res.body);
    expect(body.concerts.map((c) => c.concertId)).toEqual([sooner.id, later.id, past.id]);
    expect(body.concerts.at(-1)?.nextSchedule).toBeNull();
  });
});
