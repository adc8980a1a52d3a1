import { chargeRequestSchema } from "../wallet/wallet-schemas";

/** Why a typed amount is refused, independent of language (the form turns it into a sentence). */
export type ChargeAmountProblem = "empty" | "notWhole" | "outOfRange";

/** Parses what the fan typed ("50,000", "₩50000 ", "3만원" is not accepted) by the API's own rule (1..1,000,000). */
export function parseChargeAmount(text: string): { amount: number } | { error: ChargeAmountProblem } {
  const cleaned = text.replace(/[\s,₩원]/g, "");
  if (!cleaned) return { error: "empty" };
  if (!/^\d+$/.test(cleaned)) return { error: "notWhole" };
  const parsed = chargeRequestSchema.safeParse({ amount: Number(cleaned) });
  if (!parsed.success) return { error: "outOfRange" };
  return { amount: parsed.data.amount };
}
