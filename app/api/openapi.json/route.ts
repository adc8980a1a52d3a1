import { methods, route } from "@/lib/http/with-route";
import { openApiDocument } from "@/lib/openapi/build-document";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    handler: async () => ({ body: openApiDocument(), headers: { "Cache-Control": "public, max-age=300" } }),
  }),
});
