import type { PaymentResponse } from "./api-types";

// The payment response is shown again on the confirmation page; the API has no GET for one payment, so
// this tab keeps the receipt it was given.
const key = (reservationId: number) => `ticketing.payment.${reservationId}`;

export function keepReceipt(payment: PaymentResponse): void {
  try {
    sessionStorage.setItem(key(payment.reservationId), JSON.stringify(payment));
  } catch {
    // storage unavailable: the confirmation page falls back to the reservation alone
  }
}

export function readReceipt(reservationId: number): PaymentResponse | null {
  try {
    const raw = sessionStorage.getItem(key(reservationId));
    return raw ? (JSON.parse(raw) as PaymentResponse) : null;
  } catch {
    return null;
  }
}
