import { createHash, createHmac } from "node:crypto";

// The pre-queue draw's formula (ONSALE.md, "The pre-queue draw"); docs/decisions/0011-pre-queue-draw.md says
// what it proves. The server's draw uses it; the verifier (scripts/verify-draw.ts) has its own copy on purpose.

/** sha256 of the seed, lowercase hex: published when the room is created, before anyone joins. */
export function drawCommitment(seed: Buffer): string {
  return createHash("sha256").update(seed).digest("hex");
}

/** sha256 of the entrants' token ids in ascending order, as ASCII decimal joined by ",". */
export function entrantsHash(tokenIds: readonly number[]): string {
  const sorted = [...tokenIds].sort((a, b) => a - b);
  return createHash("sha256").update(sorted.join(",")).digest("hex");
}

/** Entrants in drawn order: ascending HMAC-SHA256(seed, entrantsHash + ":" + tokenId), lowercase hex. */
export function drawOrder(seed: Buffer, tokenIds: readonly number[]): { entrantsHash: string; order: number[] } {
  const hash = entrantsHash(tokenIds);
  const keyed = tokenIds.map((id) => ({
    id,
    key: createHmac("sha256", seed).update(`${hash}:${id}`).digest("hex"),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
  return { entrantsHash: hash, order: keyed.map((k) => k.id) };
}
