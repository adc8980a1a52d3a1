import { methods } from "@/lib/http/with-route";
import { queueStatusRoute } from "@/lib/queue/queue-routes";

// Endpoint 3 (lib/queue/queue-routes.ts; the lean adapter in front of Next serves the same handler).
export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: queueStatusRoute });
