import { describe, expect, it } from "vitest";
import { calendarFile } from "./calendar-file";

const event = {
  uid: "ticket-42@ticketing",
  start: new Date("2026-10-10T10:00:00.000Z"),
  end: new Date("2026-10-10T13:00:00.000Z"),
  summary: "IU Concert, seat 7 (VIP)",
  location: "Olympic Hall; Seoul",
  description: "Booking number 7KXQ4MNP\nShow the QR code at the door",
  stamp: new Date("2026-09-01T08:30:15.123Z"),
};

describe("calendar file (RFC 5545)", () => {
  it("writes one VEVENT with UTC times, CRLF line ends and escaped text", () => {
    const ics = calendarFile(event);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.split("\r\n").slice(0, -1)).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Ticketing//Tickets//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:ticket-42@ticketing",
      "DTSTAMP:20260901T083015Z",
      "DTSTART:20261010T100000Z",
      "DTEND:20261010T130000Z",
      "SUMMARY:IU Concert\\, seat 7 (VIP)",
      "LOCATION:Olympic Hall\\; Seoul",
      "DESCRIPTION:Booking number 7KXQ4MNP\\nShow the QR code at the door",
      "END:VEVENT",
      "END:VCALENDAR",
    ]);
    expect(ics).not.toMatch(/[^\r]\n/);
  });

  it("folds lines longer than 75 octets without splitting a multi-byte character", () => {
    const summary = "아이유 콘서트 ".repeat(12);
    const ics = calendarFile({ ...event, summary, location: undefined, description: undefined });
    const physical = ics.split("\r\n");
    const encoder = new TextEncoder();
    for (const line of physical) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    // unfolding (drop CRLF + one space) gives the logical line back
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain(`SUMMARY:${summary}`);
    expect(physical.filter((l) => l.startsWith(" ")).length).toBeGreaterThan(1);
  });
});
