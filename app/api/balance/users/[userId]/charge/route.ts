import { assertSelf, requireIdentity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";
import { chargeBalance } from "@/lib/wallet/charge-balance";
import { chargeRequestSchema, walletUserParams } from "@/lib/wallet/wallet-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    authenticate: requireIdentity,
    params: walletUserParams,
    body: chargeRequestSchema,
    invalidBody: "invalid_charge_amount",
    authorize: ({ auth, params }) => assertSelf(auth, params.userId),
    idempotencyUser: ({ auth }) => auth.userId,
    handler: async ({ params, body, now }) => ({ body: await chargeBalance(params.userId, body.amount, now) }),
  }),
});
