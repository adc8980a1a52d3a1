import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "../config";

// The QR code on a ticket carries `TK1.<reservationId>.<scheduleId>.<mac>`: mac is the first 16 bytes of
// HMAC-SHA256 under a key derived from AUTH_SECRET, base64url. Nothing secret is stored: the code is derived
// again whenever a ticket is listed, and a scanned code is checked without a database read, so a tampered or
// invented payload is refused before anything else. The ids are readable on purpose (a door attendant's tool
// can show "ticket 123, schedule 4" at once); they give nothing away that the MAC does not protect.
const VERSION = "TK1";
const MAC_BYTES = 16;
const TICKET_CODE = /^TK1\.([1-9][0-9]{0,9})\.([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{22})$/;
const MAX_ID = 2_147_483_647;

let key: Buffer | undefined;
function macKey(): Buffer {
  key ??= createHmac("sha256", authSecret()).update("ticket-code-v1").digest();
  return key;
}

function mac(reservationId: number, scheduleId: number): Buffer {
  return createHmac("sha256", macKey())
    .update(`${VERSION}:${reservationId}:${scheduleId}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function encodeTicketCode(reservationId: number, scheduleId: number): string {
  return `${VERSION}.${reservationId}.${scheduleId}.${mac(reservationId, scheduleId).toString("base64url")}`;
}

export type DecodedTicketCode =
  | { kind: "ticket"; reservationId: number; scheduleId: number }
  | { kind: "booking"; bookingNumber: string }
  | { kind: "forged" }
  | { kind: "unrecognised" };

/** Readable aloud: no 0/O or 1/I. Must match the SQL function assign_booking_number(). */
export const BOOKING_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const BOOKING_NUMBER = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/;

/**
 * What a door attendant typed or scanned: a ticket code (checked against its MAC) or a booking number (case,
 * spaces and dashes forgiven: "7kxq-4mnp" is 7KXQ4MNP).
 */
export function decodeTicketCode(input: string): DecodedTicketCode {
  const code = input.trim();
  if (code.startsWith(`${VERSION}.`)) {
    const match = TICKET_CODE.exec(code);
    if (!match) return { kind: "forged" };
    const reservationId = Number(match[1]);
    const scheduleId = Number(match[2]);
    if (reservationId > MAX_ID || scheduleId > MAX_ID) return { kind: "forged" };
    // Compared as text, not decoded bytes: base64url's last character has spare bits, and decoding would let
    // a payload with a changed character pass.
    const given = Buffer.from(match[3]!, "ascii");
    const expected = Buffer.from(mac(reservationId, scheduleId).toString("base64url"), "ascii");
    if (!timingSafeEqual(given, expected)) return { kind: "forged" };
    return { kind: "ticket", reservationId, scheduleId };
  }
  const bookingNumber = code.replace(/[\s-]/g, "").toUpperCase();
  if (BOOKING_NUMBER.test(bookingNumber)) return { kind: "booking", bookingNumber };
  return { kind: "unrecognised" };
}
