import { describe, expect, it } from "vitest";
import { checkSchedule, checkSections, fieldOfDetail, layoutSeats, newSection } from "./concert-draft";

const now = new Date("2026-11-30T00:00:00Z");

describe("concert form checks", () => {
  it("turns typed sections into the API's, naming each bad field", () => {
    const ok = checkSections([newSection("VIP", "165000", "10"), newSection("R", "99000", "20")], "sections.");
    expect(ok.errors).toEqual({});
    expect(ok.value).toEqual([
      { name: "VIP", price: 165_000, seats: 10 },
      { name: "R", price: 99_000, seats: 20 },
    ]);
    const bad = checkSections(
      [newSection("", "0", "x"), newSection("A", "1.5", "2001"), newSection("A", "20000000", "")],
      "s.",
    );
    expect(bad.errors).toEqual({
      "s.0.name": "required",
      "s.0.price": "priceMin",
      "s.0.seats": "seatsMin",
      "s.1.price": "priceMin",
      "s.1.seats": "seatsMax",
      "s.2.name": "duplicate",
      "s.2.price": "priceMax",
      "s.2.seats": "required",
    });
  });

  it("refuses more than 2,000 seats on one date", () => {
    const over = checkSections([newSection("A", "1", "1500"), newSection("B", "1", "501")], "");
    expect(over.errors).toEqual({ "1.seats": "seatsMax" });
  });

  it("reads the times in the organizer's zone and checks their order", () => {
    const ok = checkSchedule(
      {
        key: "a",
        concertAt: "2026-12-24T19:00",
        reservationAt: "2026-12-01T10:00",
        sections: [newSection("S", "1", "1")],
      },
      "",
      "Asia/Seoul",
      now,
    );
    expect(ok.errors).toEqual({});
    expect(ok.value.concertAt).toBe("2026-12-24T10:00:00.000Z");
    expect(ok.value.reservationAt).toBe("2026-12-01T01:00:00.000Z");
    const bad = checkSchedule(
      {
        key: "b",
        concertAt: "2026-12-24T19:00",
        reservationAt: "2026-12-25T10:00",
        sections: [newSection("S", "1", "1")],
      },
      "x.",
      "Asia/Seoul",
      now,
    );
    expect(bad.errors).toEqual({ "x.reservationAt": "reservationAfter" });
    const past = checkSchedule(
      { key: "c", concertAt: "2026-11-01T19:00", reservationAt: "", sections: [] },
      "",
      "UTC",
      now,
    );
    expect(past.errors).toEqual({ concertAt: "pastConcert", reservationAt: "badTime" });
  });

  it("numbers seats through the sections in order", () => {
    const { seats, total } = layoutSeats(
      [
        { name: "VIP", price: 2, seats: 2 },
        { name: "R", price: 1, seats: 3 },
      ],
      4,
    );
    expect(total).toBe(5);
    expect(seats.map((s) => `${s.section}${s.number}`)).toEqual(["VIP1", "VIP2", "R3", "R4"]);
  });

  it("finds the field a server refusal names", () => {
    expect(fieldOfDetail("body.schedules.0.sections.1.price: must be at least 1")).toEqual([
      "schedules.0.sections.1.price",
      "must be at least 1",
    ]);
    expect(fieldOfDetail("something else")).toBeNull();
  });
});
