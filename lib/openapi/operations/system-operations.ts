import { z } from "zod";
import { concertListSchema } from "../../catalogue/catalogue-schemas";
import type { Operation } from "../operation";

/** What GET /api/health answers; the route returns a constant, so its shape is described here. */
const healthSchema = z.object({ status: z.literal("ok") }).meta({ id: "Health" });

const openApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .meta({ description: "An OpenAPI 3.1 document" });

export const systemOperations: Operation[] = [
  {
    method: "get",
    path: "/api/concerts",
    operationId: "listConcerts",
    summary: "List concerts",
    description:
      "Public catalogue: every concert with its next schedule still ahead, soonest first. Needs no credentials.",
    tag: "Catalogue",
    credentials: "none",
    success: { status: 200, description: "All concerts", schema: concertListSchema },
  },
  {
    method: "get",
    path: "/api/health",
    operationId: "health",
    summary: "Health check",
    tag: "System",
    credentials: "none",
    success: { status: 200, description: "The server is up", schema: healthSchema },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "openApiDocument",
    summary: "This document",
    description: "The OpenAPI 3.1 document, generated from the zod schemas that validate the requests.",
    tag: "System",
    credentials: "none",
    success: { status: 200, description: "The OpenAPI document", schema: openApiDocumentSchema },
  },
];
