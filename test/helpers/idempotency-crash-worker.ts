// A request whose process dies half-way, for test/integration/idempotency-faults.test.ts: its own Node process
// claims an Idempotency-Key for a wallet charge with the real code (runIdempotent, the charge's work
// transaction), says how far it got, then hangs until its parent kills it (SIGKILL: no clean-up of any kind).
//
// Input (environment): DATABASE_URL, CRASH_USER_ID, CRASH_KEY, CRASH_AMOUNT, CRASH_NOW (ISO time the request
// runs at), CRASH_STAGE: "in-transaction" (dies with the charge written but not committed) or "committed"
// (dies after the charge committed, before its answer is stored).
// Output: one line on stdout, the stage reached.
import { inWorkTransaction } from "../../lib/idempotency/idempotent-work";
import { requestFingerprint } from "../../lib/idempotency/request-fingerprint";
import { runIdempotent } from "../../lib/idempotency/run-idempotent";
import { applyBalanceChange } from "../../lib/wallet/apply-balance-change";
import { chargeBalance } from "../../lib/wallet/charge-balance";

const userId = Number(process.env.CRASH_USER_ID);
const amount = Number(process.env.CRASH_AMOUNT);
const now = new Date(process.env.CRASH_NOW!);
const stage = process.env.CRASH_STAGE;
const forever = new Promise<never>(() => setInterval(() => {}, 1_000));

void runIdempotent({
  userId,
  key: process.env.CRASH_KEY!,
  // What the charge route computes for this request.
  fingerprint: requestFingerprint("POST", `/api/balance/users/${userId}/charge`, { amount }),
  now,
  execute: async () => {
    if (stage === "in-transaction") {
      await inWorkTransaction(async (db) => {
        await applyBalanceChange(db, { userId, delta: amount, kind: "CHARGE", now });
        process.stdout.write("in-transaction\n");
        return forever;
      });
    }
    await chargeBalance(userId, amount, now);
    process.stdout.write("committed\n");
    return forever;
  },
});
