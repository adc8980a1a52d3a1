import { adminUserParams, setRoleRequestSchema } from "@/lib/admin/admin-schemas";
import { setUserRole } from "@/lib/admin/set-user-role";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PUT: route({
    ...adminGate,
    params: adminUserParams,
    body: setRoleRequestSchema,
    handler: async ({ auth, params, body, now }) => ({
      body: await setUserRole({ userId: params.userId, role: body.role, actorId: auth.userId, now }),
    }),
  }),
});
