import { adminScheduleParams, replaceSectionsRequestSchema } from "@/lib/admin/admin-schemas";
import { replaceSections } from "@/lib/admin/replace-sections";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PUT: route({
    ...adminGate,
    params: adminScheduleParams,
    body: replaceSectionsRequestSchema,
    handler: async ({ auth, params, body, now }) => ({
      body: await replaceSections({ ...params, sections: body.sections, actorId: auth.userId, now }),
    }),
  }),
});
