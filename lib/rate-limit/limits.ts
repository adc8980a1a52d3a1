import "server-only";
import { createHash } from "node:crypto";
import { config } from "../config";
import { AppError } from "../http/app-error";
import { isLimited, limiter, storeReady, type LimitSpec } from "./rate-limiter-store";

// The limits against abuse (ONSALE.md, "Limits against abuse"). Over a limit: 429 too many requests
// (`error: rate_limited`) with Retry-After in seconds, which the fan pages turn into "try again in ...".
// Per-address limits cover only sign-ups and failed sign-ins: fans behind one carrier address must not block
// each other anywhere else. RATE_LIMITS=off turns every one of them off (load tests, benchmarks).
// docs/decisions/0012-limits-and-the-http-server.md.

function enabled(): boolean {
  return config().RATE_LIMITS === "on";
}

function tooMany(msBeforeNext: number, what: string): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("rate_limited", `${what}; try again in ${seconds} s`, { "Retry-After": String(seconds) });
}

async function consume(spec: LimitSpec, key: string, what: string): Promise<number> {
  await storeReady();
  try {
    return (await limiter(spec).consume(key)).consumedPoints;
  } catch (rejection) {
    if (isLimited(rejection)) throw tooMany(rejection.msBeforeNext, what);
    throw rejection;
  }
}

/** Sign-ups per client address (default 30 an hour); it also bounds how fast "email taken" can be probed. */
export async function limitSignUps(address: string): Promise<void> {
  if (!enabled()) return;
  const { RATE_LIMIT_SIGNUPS_PER_HOUR } = config();
  await consume(
    { name: "signup", points: RATE_LIMIT_SIGNUPS_PER_HOUR, durationSeconds: 3600 },
    address,
    "too many sign-ups",
  );
}

/** Queue joins (endpoint 1) per user (default 30 a minute). */
export async function limitQueueJoins(userId: number): Promise<void> {
  if (!enabled()) return;
  const { RATE_LIMIT_QUEUE_JOINS_PER_MINUTE } = config();
  await consume(
    { name: "queue-join", points: RATE_LIMIT_QUEUE_JOINS_PER_MINUTE, durationSeconds: 60 },
    String(userId),
    "too many queue joins",
  );
}

/**
 * Requests per API key: on average RATE_LIMIT_API_KEY_PER_SECOND (100), in bursts of up to RATE_LIMIT_API_KEY_BURST
 * (300). Counted in windows of burst / rate seconds (300 requests per 3 s), which is that average with that burst,
 * in one store round trip.
 */
export async function limitApiKey(apiKeyId: number): Promise<void> {
  if (!enabled()) return;
  const { RATE_LIMIT_API_KEY_PER_SECOND: rate, RATE_LIMIT_API_KEY_BURST: burst } = config();
  await consume(
    { name: "api-key", points: burst, durationSeconds: Math.max(1, Math.round(burst / rate)) },
    String(apiKeyId),
    "too many requests with this API key",
  );
}

// Failed sign-ins, per (account, address): an attacker elsewhere can exhaust only their own allowance, never
// lock the fan out of theirs. Every attempt takes a point up front (so parallel guesses are bounded too), a
// success gives the allowance back, and from the third failure on each one imposes a pause that doubles
// (1 s, 2 s, 4 s, ...) before the next attempt.
const BACKOFF_FROM_FAILURE = 3;

function signInKey(email: string, address: string): string {
  // Hashed: the store need not hold email addresses, and the key length stays bounded.
  return createHash("sha256").update(`${email.trim().toLowerCase()}\n${address}`).digest("base64url");
}

function failureSpecs() {
  const { RATE_LIMIT_FAILED_SIGNINS: points, RATE_LIMIT_FAILED_SIGNIN_WINDOW_SECONDS: window } = config();
  return {
    failures: { name: "signin-failures", points, durationSeconds: window },
    backoff: { name: "signin-backoff", points: 1, durationSeconds: window },
  };
}

/** Before a sign-in is checked: 429 while paused after recent failures, or when the window's attempts are used up. */
export async function beforeSignIn(email: string, address: string): Promise<void> {
  if (!enabled()) return;
  const key = signInKey(email, address);
  const { failures, backoff } = failureSpecs();
  await storeReady();
  const paused = await limiter(backoff).get(key);
  if (paused && paused.consumedPoints > backoff.points && paused.msBeforeNext > 0) {
    throw tooMany(paused.msBeforeNext, "too many failed sign-ins");
  }
  await consume(failures, key, "too many failed sign-ins");
}

/** A wrong password: pause further attempts from this address for this account, longer after each failure. */
export async function signInFailed(email: string, address: string): Promise<void> {
  if (!enabled()) return;
  const key = signInKey(email, address);
  const { failures, backoff } = failureSpecs();
  const used = (await limiter(failures).get(key))?.consumedPoints ?? 0;
  // Before the third failure no pause; with the window's allowance used up the window itself refuses.
  if (used < BACKOFF_FROM_FAILURE || used >= failures.points) return;
  const seconds = Math.min(2 ** (used - BACKOFF_FROM_FAILURE), failures.durationSeconds);
  await limiter(backoff).block(key, seconds);
}

/** The right password: the failures counted so far are forgiven. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  if (!enabled()) return;
  const key = signInKey(email, address);
  const { failures, backoff } = failureSpecs();
  await Promise.all([limiter(failures).delete(key), limiter(backoff).delete(key)]);
}
