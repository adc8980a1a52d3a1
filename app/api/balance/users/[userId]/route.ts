import { assertSelf, requireIdentity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";
import { getBalance } from "@/lib/wallet/get-balance";
import { walletUserParams } from "@/lib/wallet/wallet-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: requireIdentity,
    params: walletUserParams,
    authorize: ({ auth, params }) => assertSelf(auth, params.userId),
    handler: async ({ params }) => ({ body: await getBalance(params.userId) }),
  }),
});
