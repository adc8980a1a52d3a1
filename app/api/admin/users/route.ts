import { userSearchQuerySchema } from "@/lib/admin/admin-schemas";
import { findUsers } from "@/lib/admin/find-users";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    query: userSearchQuerySchema,
    handler: async ({ query }) => ({ body: await findUsers(query) }),
  }),
});
