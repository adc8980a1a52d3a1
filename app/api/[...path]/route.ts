import { AppError } from "@/lib/http/app-error";
import { methods, route } from "@/lib/http/with-route";

// Any /api path no other route matches: a 404 in the error shape instead of Next's HTML page.
const notFound = route({
  handler: async ({ req }) => {
    throw new AppError("not_found", `no API route ${new URL(req.url).pathname}`);
  },
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: notFound,
  POST: notFound,
  PUT: notFound,
  PATCH: notFound,
  DELETE: notFound,
});
