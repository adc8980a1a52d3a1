import { chargeRequestSchema, MAX_CHARGE } from "../wallet/wallet-schemas";
import { formatWon } from "./format";

/** Parses what the fan typed ("50,000", "₩50000 ") into a top-up amount, by the API's own rule (1..1,000,000). */
export function parseChargeAmount(text: string): { amount: number } | { error: string } {
  const cleaned = text.replace(/[\s,₩원]/g, "");
  if (!cleaned) return { error: "Enter an amount." };
  if (!/^\d+$/.test(cleaned)) return { error: "Enter a whole number of won, digits only." };
  const parsed = chargeRequestSchema.safeParse({ amount: Number(cleaned) });
  if (!parsed.success) return { error: `Enter an amount from ₩1 to ${formatWon(MAX_CHARGE)}.` };
  return { amount: parsed.data.amount };
}
