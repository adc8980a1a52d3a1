import { createApiKeySchema } from "@/lib/api-keys/api-key-schemas";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { assertSession } from "@/lib/auth/assert-session";
import { requireIdentity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    authenticate: requireIdentity,
    authorize: ({ auth }) => assertSession(auth),
    handler: async ({ auth }) => ({ body: await listApiKeys(auth.userId) }),
  }),
  POST: route({
    authenticate: requireIdentity,
    body: createApiKeySchema,
    authorize: ({ auth }) => assertSession(auth),
    handler: async ({ auth, body, now }) => ({ status: 201, body: await createApiKey(auth.userId, body.name, now) }),
  }),
});
