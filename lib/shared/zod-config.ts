import { z } from "zod";

// In the browser, zod probes whether `new Function` works (to compile faster parsers); the pages' CSP forbids eval
// (lib/server/security-headers.ts), so the probe fails and the browser reports a CSP violation. Parse without
// compiling there; the server keeps the compiled parsers. Imported by the schema modules shared with the browser
// and by the /docs renderer (whose own bundled zod would probe too).
if (typeof window !== "undefined") z.config({ jitless: true });
