import { assertSelf, requireIdentity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";
import { listBalanceHistory } from "@/lib/wallet/list-balance-history";
import { historyQuerySchema, walletUserParams } from "@/lib/wallet/wallet-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: requireIdentity,
    params: walletUserParams,
    query: historyQuerySchema,
    authorize: ({ auth, params }) => assertSelf(auth, params.userId),
    handler: async ({ params, query }) => ({ body: await listBalanceHistory(params.userId, query) }),
  }),
});
