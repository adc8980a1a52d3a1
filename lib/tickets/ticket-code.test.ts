import { describe, expect, it } from "vitest";
import { BOOKING_NUMBER_ALPHABET, decodeTicketCode, encodeTicketCode } from "./ticket-code";

describe("ticket codes", () => {
  it("round-trips a reservation and its schedule, and always derives the same code", () => {
    for (const [r, s] of [
      [1, 1],
      [42, 7],
      [2_147_483_647, 2_147_483_647],
    ] as const) {
      const code = encodeTicketCode(r, s);
      expect(code).toMatch(/^TK1\.\d+\.\d+\.[A-Za-z0-9_-]{22}$/);
      expect(encodeTicketCode(r, s)).toBe(code);
      expect(decodeTicketCode(code)).toEqual({ kind: "ticket", reservationId: r, scheduleId: s });
      expect(decodeTicketCode(` ${code}\n`)).toEqual({ kind: "ticket", reservationId: r, scheduleId: s });
    }
  });

  it("refuses every tampered payload: another id, another schedule, any changed MAC character", () => {
    const code = encodeTicketCode(12, 3);
    const [, r, s, mac] = code.split(".") as [string, string, string, string];
    expect(decodeTicketCode(`TK1.13.${s}.${mac}`)).toEqual({ kind: "forged" });
    expect(decodeTicketCode(`TK1.${r}.4.${mac}`)).toEqual({ kind: "forged" });
    const symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < mac.length; i++) {
      for (const replacement of [
        symbols[(symbols.indexOf(mac[i]!) + 1) % 64]!,
        symbols[(symbols.indexOf(mac[i]!) + 2) % 64]!,
      ]) {
        const changed = mac.slice(0, i) + replacement + mac.slice(i + 1);
        expect(decodeTicketCode(`TK1.${r}.${s}.${changed}`), `position ${i}`).toEqual({ kind: "forged" });
      }
    }
    expect(decodeTicketCode(`TK1.${r}.${s}.${mac}x`)).toEqual({ kind: "forged" });
    expect(decodeTicketCode(`TK1.0.${s}.${mac}`)).toEqual({ kind: "forged" });
    expect(decodeTicketCode(`TK1.99999999999.${s}.${mac}`)).toEqual({ kind: "forged" });
    expect(decodeTicketCode("TK1.")).toEqual({ kind: "forged" });
  });

  it("reads booking numbers forgivingly and nothing else", () => {
    expect(decodeTicketCode("7KXQ4MNP")).toEqual({ kind: "booking", bookingNumber: "7KXQ4MNP" });
    expect(decodeTicketCode(" 7kxq-4mnp ")).toEqual({ kind: "booking", bookingNumber: "7KXQ4MNP" });
    expect(decodeTicketCode("7KXQ 4MNP")).toEqual({ kind: "booking", bookingNumber: "7KXQ4MNP" });
    expect(decodeTicketCode("OKXQ4MNP")).toEqual({ kind: "unrecognised" }); // O is not in the alphabet
    expect(decodeTicketCode("7KXQ4MN")).toEqual({ kind: "unrecognised" });
    expect(decodeTicketCode("")).toEqual({ kind: "unrecognised" });
    expect(BOOKING_NUMBER_ALPHABET).toHaveLength(32);
    expect(BOOKING_NUMBER_ALPHABET).not.toMatch(/[01IO]/);
  });
});
