import { auditQuerySchema } from "@/lib/admin/admin-schemas";
import { listAudit } from "@/lib/admin/list-audit";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    query: auditQuerySchema,
    handler: async ({ query }) => ({ body: await listAudit(query) }),
  }),
});
