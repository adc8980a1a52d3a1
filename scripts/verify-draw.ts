// Checks a published pre-queue draw, from the public document alone, against any instance:
//
//   npm run verify-draw -- <base-url> <concertId> [--commitment HEX] [--token-id N]
//   npm run verify-draw -- --file draw.json [--commitment HEX] [--token-id N]
//
// It fetches GET <base-url>/api/concerts/<concertId>/room/draw and recomputes everything from the formula in
// ONSALE.md ("The pre-queue draw"), written out again here on purpose: it shares no code with the server, so a
// bug (or a lie) in the server's draw cannot hide in a shared function. Exit code 0 when every check passes;
// 1, with every failed check on stderr, otherwise. What this proves and what it cannot:
// docs/decisions/0011-pre-queue-draw.md.
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

export type DrawDocument = {
  concertId?: number;
  drawCommitment: string;
  entrantsHash: string;
  drawSeed: string;
  drawnAt?: string;
  entrants: number[];
};

export type Verdict = { ok: boolean; failures: string[]; notes: string[] };

const HEX64 = /^[0-9a-f]{64}$/;

/** Every check of a draw document; `commitment` is the one the fan saw while waiting, `tokenId` their own. */
export function verifyDraw(doc: DrawDocument, options: { commitment?: string; tokenId?: number } = {}): Verdict {
  const failures: string[] = [];
  const notes: string[] = [];
  const fail = (message: string) => failures.push(message);

  if (!HEX64.test(doc.drawSeed)) fail(`drawSeed is not 32 bytes of lowercase hex: ${JSON.stringify(doc.drawSeed)}`);
  if (!HEX64.test(doc.drawCommitment)) fail(`drawCommitment is not a lowercase hex SHA-256`);
  if (!Array.isArray(doc.entrants) || !doc.entrants.every((id) => Number.isSafeInteger(id) && id > 0)) {
    fail("entrants is not a list of positive integer token ids");
    return { ok: false, failures, notes };
  }
  const seed = Buffer.from(doc.drawSeed, "hex");

  // 1. The seed is the one committed to before anyone joined.
  const commitment = createHash("sha256").update(seed).digest("hex");
  if (commitment !== doc.drawCommitment) {
    fail(`sha256(drawSeed) = ${commitment}, but the published drawCommitment is ${doc.drawCommitment}`);
  }
  if (options.commitment !== undefined && options.commitment.toLowerCase() !== doc.drawCommitment) {
    fail(
      `the commitment you saw while waiting (${options.commitment}) is not the published one (${doc.drawCommitment})`,
    );
  }

  // 2. The entrants hash is over exactly these entrants, each once.
  if (new Set(doc.entrants).size !== doc.entrants.length) fail("an entrant appears more than once");
  const ascending = [...doc.entrants].sort((a, b) => a - b);
  const entrantsHash = createHash("sha256").update(ascending.join(",")).digest("hex");
  if (entrantsHash !== doc.entrantsHash) {
    fail(`sha256 of the entrants' ids is ${entrantsHash}, but the published entrantsHash is ${doc.entrantsHash}`);
  }

  // 3. The order is the HMAC order, keyed by the seed, over the published entrants hash.
  const keyed = ascending.map((id) => ({
    id,
    key: createHmac("sha256", seed).update(`${doc.entrantsHash}:${id}`).digest("hex"),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const expected = keyed.map((k) => k.id);
  const firstDifference = expected.findIndex((id, i) => doc.entrants[i] !== id);
  if (firstDifference >= 0) {
    fail(
      `the published order differs from the drawn order at place ${firstDifference + 1}: ` +
        `published ${doc.entrants[firstDifference]}, drawn ${expected[firstDifference]}`,
    );
  }

  // 4. Your own place.
  if (options.tokenId !== undefined) {
    const place = expected.indexOf(options.tokenId);
    if (place < 0) fail(`token ${options.tokenId} is not among the ${doc.entrants.length} entrants`);
    else notes.push(`token ${options.tokenId} was drawn at place ${place + 1} of ${doc.entrants.length}`);
  }
  notes.push(`${doc.entrants.length} entrants; commitment ${doc.drawCommitment}`);
  return { ok: failures.length === 0, failures, notes };
}

function usage(): never {
  console.error(
    "usage: npm run verify-draw -- <base-url> <concertId> [--commitment HEX] [--token-id N]\n" +
      "       npm run verify-draw -- --file draw.json [--commitment HEX] [--token-id N]",
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const positional: string[] = [];
  const options: { commitment?: string; tokenId?: number; file?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? usage();
    if (arg === "--commitment") options.commitment = value();
    else if (arg === "--token-id") options.tokenId = Number(value());
    else if (arg === "--file") options.file = value();
    else if (arg.startsWith("--")) usage();
    else positional.push(arg);
  }
  let doc: DrawDocument;
  if (options.file) {
    doc = JSON.parse(readFileSync(options.file, "utf8")) as DrawDocument;
  } else {
    const [base, concertId] = positional;
    if (!base || !concertId || !/^\d+$/.test(concertId)) usage();
    const url = new URL(`/api/concerts/${concertId}/room/draw`, base);
    const response = await fetch(url, { headers: { accept: "application/json" } });
    const body = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      console.error(`FAILED: ${url} answered ${response.status} ${JSON.stringify(body)}`);
      return 1;
    }
    doc = body as DrawDocument;
  }
  const verdict = verifyDraw(doc, options);
  for (const note of verdict.notes) console.log(note);
  if (!verdict.ok) {
    for (const failure of verdict.failures) console.error(`FAILED: ${failure}`);
    console.error("The draw does NOT check out.");
    return 1;
  }
  console.log(
    "OK: the seed matches the commitment, the entrants hash matches the entrants, and the order is the drawn one.",
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
