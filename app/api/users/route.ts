import { methods, route } from "@/lib/http/with-route";
import { createUser } from "@/lib/users/create-user";
import { signUpSchema } from "@/lib/users/user-schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({ body: signUpSchema, handler: async ({ body }) => ({ status: 201, body: await createUser(body) }) }),
});
