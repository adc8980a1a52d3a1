import { methods, route } from "@/lib/http/with-route";

// Does nothing on purpose: the benchmark measures it as the framework's ceiling.
export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ handler: async () => ({ body: { status: "ok" } }) }),
});
