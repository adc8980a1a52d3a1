import { register } from "node:module";
import path from "node:path";

// Serves the production build (`next build`, into NEXT_DIST_DIR or .next) behind the app's HTTP server
// (lib/server/create-http-server.ts), on PORT and HOSTNAME. `npm start` runs it after preparing the database
// and the build; `npm run serve` runs it alone; the e2e and HTTP tests start it too. Run with
// `node --import tsx scripts/serve.ts`, never with --conditions=react-server (see scripts/server-only-hook.mjs).
register("./server-only-hook.mjs", import.meta.url);

const root = path.resolve(import.meta.dirname, "..");
const { startServer } = await import("../lib/server/start-server");
const running = await startServer({ dir: root });
console.log(`[serve] ready on ${running.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void running.stop().then(() => process.exit(0));
  });
}
