import {
  balanceSchema,
  chargeRequestSchema,
  historyQuerySchema,
  historySchema,
  walletUserParams,
} from "../../wallet/wallet-schemas";
import type { Operation } from "../operation";

export const walletOperations: Operation[] = [
  {
    method: "post",
    path: "/api/balance/users/{userId}/charge",
    operationId: "chargeBalance",
    summary: "Charge the wallet (endpoint 8)",
    description:
      "Adds `amount` won to the caller's own wallet and writes a CHARGE ledger entry in the same statement. " +
      "Concurrent charges never lose an update. Send an `Idempotency-Key` to make retries safe.",
    tag: "Wallet",
    credentials: "identity",
    params: walletUserParams,
    body: chargeRequestSchema,
    invalidBody: "invalid_charge_amount",
    idempotent: true,
    success: { status: 200, description: "The balance after the charge", schema: balanceSchema },
    errors: [
      {
        error: "balance_limit",
        when: "the charge would take the balance past 100,000,000 won",
      },
      { error: "forbidden", when: "`userId` is not the caller" },
      { error: "user_not_found", when: "the caller's account no longer exists" },
    ],
  },
  {
    method: "get",
    path: "/api/balance/users/{userId}",
    operationId: "getBalance",
    summary: "Read the balance (endpoint 9)",
    tag: "Wallet",
    credentials: "identity",
    params: walletUserParams,
    success: { status: 200, description: "The current balance", schema: balanceSchema },
    errors: [
      { error: "forbidden", when: "`userId` is not the caller" },
      { error: "user_not_found", when: "the caller's account no longer exists" },
    ],
  },
  {
    method: "get",
    path: "/api/balance/users/{userId}/history",
    operationId: "listBalanceHistory",
    summary: "Wallet history",
    description:
      "Every balance change (charges, payments, refunds), newest first, a page at a time. The balance always equals the sum of all entries. " +
      "Follow `nextCursor` until it is null; entries written meanwhile never shift a page.",
    tag: "Wallet",
    credentials: "identity",
    params: walletUserParams,
    query: historyQuerySchema,
    success: { status: 200, description: "One page of ledger entries", schema: historySchema },
    errors: [
      { error: "forbidden", when: "`userId` is not the caller" },
      { error: "user_not_found", when: "the caller's account no longer exists" },
    ],
  },
];
