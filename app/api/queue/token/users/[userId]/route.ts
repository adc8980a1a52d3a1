import { methods } from "@/lib/http/with-route";
import { getQueueTokenRoute, issueQueueTokenRoute } from "@/lib/queue/queue-routes";

// Endpoints 1 and 2 (lib/queue/queue-routes.ts; the lean adapter in front of Next serves the same handlers).
export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: issueQueueTokenRoute, GET: getQueueTokenRoute });
