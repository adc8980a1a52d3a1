import "server-only";
import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { verify as verifyBcrypt } from "@node-rs/bcrypt";

// argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), written out so that a library upgrade cannot
// change them silently; ~30 ms here. The native library runs it on libuv's thread pool, so a burst of sign-ins
// no longer stalls every other request on the event loop, as bcryptjs (JavaScript, cost 10) did. Hashes stored
// before are bcrypt: they are checked natively off the loop too (@node-rs/bcrypt), since an account keeps its
// old hash until its owner signs in, and failed sign-ins against it must not stall the loop either.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const CURRENT_PREFIX = `$argon2id$v=19$m=${OPTIONS.memoryCost},t=${OPTIONS.timeCost},p=${OPTIONS.parallelism}$`;
const BCRYPT = /^\$2[aby]\$\d\d\$/;

// Off the event loop is not enough on a small machine: four thread-pool threads hashing at once take every core,
// and the event loop then waits for CPU like they do. At most one hash per core but one runs at a time; the rest
// queue (the limits on failed sign-ins bound how many can).
const HASH_SLOTS = Math.max(1, availableParallelism() - 1);
let busy = 0;
const queued: (() => void)[] = [];

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busy >= HASH_SLOTS) await new Promise<void>((resolve) => queued.push(resolve));
  else busy++;
  try {
    return await work();
  } finally {
    const nextInLine = queued.shift();
    if (nextInLine) nextInLine();
    else busy--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return inHashSlot(() => hash(password, OPTIONS));
}

/**
 * Accepts argon2id hashes and the bcrypt hashes stored before (until their owners sign in again and
 * `passwordNeedsRehash` replaces them). Anything else never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("$argon2")) return inHashSlot(() => verify(stored, password).catch(() => false));
  if (BCRYPT.test(stored)) return inHashSlot(() => verifyBcrypt(password, stored).catch(() => false));
  return false;
}

/** A bcrypt hash, or argon2 with other parameters: replace it at the next successful sign-in. */
export function passwordNeedsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX);
}
