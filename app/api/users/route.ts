import { clientAddressOf } from "@/lib/http/client-address";
import { methods, route } from "@/lib/http/with-route";
import { limitSignUps } from "@/lib/rate-limit/limits";
import { createUser } from "@/lib/users/create-user";
import { signUpSchema } from "@/lib/users/user-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({
    // No credentials: the per-address limit on sign-ups comes first (it also bounds probing for taken emails).
    limit: (req) => limitSignUps(clientAddressOf(req.headers)),
    body: signUpSchema,
    handler: async ({ body }) => ({ status: 201, body: await createUser(body) }),
  }),
});
