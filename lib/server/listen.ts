import type http from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on `port` (on `hostname`, else every interface); the URL it answers on. */
export async function listen(server: http.Server, port: number, hostname: string | undefined): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (hostname) server.listen(port, hostname, resolve);
    else server.listen(port, resolve);
  });
  const { address, family } = server.address() as AddressInfo;
  return `http://${family === "IPv6" ? `[${address}]` : address}:${port}`;
}

/** No new connections; running requests get a few seconds to finish. */
export async function closeGracefully(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 5_000);
  await closed;
  clearTimeout(force);
}
