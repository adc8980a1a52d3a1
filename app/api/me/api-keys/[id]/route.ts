import { apiKeyIdParams } from "@/lib/api-keys/api-key-schemas";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { assertSession } from "@/lib/auth/assert-session";
import { requireIdentity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: route({
    authenticate: requireIdentity,
    params: apiKeyIdParams,
    authorize: ({ auth }) => assertSession(auth),
    handler: async ({ auth, params, now }) => {
      await revokeApiKey(auth.userId, params.id, now);
      return new Response(null, { status: 204 });
    },
  }),
});
