import { register } from "node:module";

// The lean adapter for endpoints 1-3 as a process of its own (no Next loaded), the alternative that
// docs/decisions/0015-lean-queue-adapter.md measured against running it in front of Next in the app's
// process. Everything else answers 404. `node --import tsx bench/lean-standalone.ts` with PORT set.
register("../scripts/server-only-hook.mjs", import.meta.url);

const { config } = await import("../lib/config");
const { createHttpServer } = await import("../lib/server/create-http-server");
const { leanQueueAdapter } = await import("../lib/server/lean-queue-adapter");
const { markClientAddressHeaderTrusted, parseTrustedProxies } = await import("../lib/server/client-address");
const { AppError, errorResponse } = await import("../lib/http/app-error");

markClientAddressHeaderTrusted();
const notFound = errorResponse(new AppError("not_found"));
const body = Buffer.from(await notFound.arrayBuffer());
const server = createHttpServer({
  trustedProxies: parseTrustedProxies(config().TRUSTED_PROXIES)!,
  early: [
    leanQueueAdapter(),
    (req, res) => {
      if (req.url !== "/api/health") return false;
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return true;
    },
  ],
  next: (_req, res) => {
    res.writeHead(404, { "content-type": "application/json", "content-length": body.length }).end(body);
  },
});
server.listen(config().PORT, "127.0.0.1", () => console.log(`[lean] ready on ${config().PORT}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
