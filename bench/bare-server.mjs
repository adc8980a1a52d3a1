import http from "node:http";

// Scenario 1's ceiling: what node:http alone does on this machine with the same JSON as GET /api/health.
// Plain JavaScript so that no TypeScript loader runs beside it.
const port = Number(process.argv[2]);
const body = JSON.stringify({ status: "ok" });

http
  .createServer((req, res) => {
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(body);
  })
  .listen(port, "127.0.0.1");
