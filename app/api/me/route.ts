import { requireIdentity } from "@/lib/auth/resolve-identity";
import { methods, route } from "@/lib/http/with-route";
import { getMe } from "@/lib/users/get-me";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ authenticate: requireIdentity, handler: async ({ auth }) => ({ body: await getMe(auth.userId) }) }),
});
