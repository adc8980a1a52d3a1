// The HAProxy configuration of `npm run cluster` and the cluster test: the settings of deploy/haproxy/haproxy.cfg
// (round robin, health checks on /api/health, X-Forwarded-For, a request id per request, no replay of a request
// an instance received, endpoints 1-3 to the waiting room's own processes when there are any), for instances
// on loopback ports. The balancer connects to them from its own loopback
// address (`source`), which the instances list in TRUSTED_PROXIES while clients arrive from another one, so the
// client address rule works as it does behind a real balancer.

export type BalancerOptions = {
  /** Where the balancer listens. */
  bind: { host: string; port: number };
  /** The address the balancer's connections to the instances come from (127.0.0.2: the instances trust it). */
  source: string;
  instances: { name: string; port: number }[];
  /** The waiting room's own processes (`serve.ts --queue`): endpoints 1-3 go to them when there are any. */
  queueInstances?: { name: string; port: number }[];
  /** Health check interval; an instance is out after three failed checks. */
  checkIntervalMs?: number;
};

export function haproxyConfig(options: BalancerOptions): string {
  const inter = options.checkIntervalMs ?? 1000;
  const queue = options.queueInstances ?? [];
  return [
    "global",
    // Within the default open-file limit of 20,000 on these machines (two descriptors per proxied connection).
    "  maxconn 4096",
    "",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 65s",
    "  timeout server 65s",
    "  timeout http-keep-alive 60s",
    // A slow health answer is a busy instance, not a dead one (a dead one refuses the connection at once): on a
    // loaded machine a 1 s check timeout marked every instance down (load average 15 on 2 cores) and the balancer answered 503 itself.
    "  timeout check 10s",
    "  option forwardfor",
    "  retries 2",
    "  option redispatch 1",
    "  retry-on conn-failure",
    "",
    "frontend public",
    `  bind ${options.bind.host}:${options.bind.port}`,
    "  unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid",
    // The edge names every request; a client's own X-Request-Id is replaced, so it cannot pick ids in the logs.
    "  http-request set-header X-Request-Id %[unique-id]",
    "  http-request deny deny_status 404 if { path /api/metrics }",
    ...(queue.length ? [`  use_backend queue if ${QUEUE_ROUTE}`] : []),
    "  default_backend app",
    "",
    ...backend("app", options.instances),
    ...(queue.length ? backend("queue", queue) : []),
  ].join("\n");

  function backend(name: string, servers: { name: string; port: number }[]): string[] {
    return [
      `backend ${name}`,
      "  balance roundrobin",
      "  option httpchk GET /api/health",
      "  http-check expect status 200",
      `  source ${options.source}`,
      `  default-server inter ${inter}ms fall 3 rise 2 check`,
      ...servers.map((i) => `  server ${i.name} 127.0.0.1:${i.port}`),
      "",
    ];
  }
}

/**
 * Endpoints 1-3 with their methods, exactly what the lean adapter answers (anything else on these paths, a HEAD
 * or a PUT, stays with the app, which answers as before). The same condition as deploy/haproxy/haproxy.cfg.
 */
export const QUEUE_ROUTE =
  "{ method GET } { path /api/queue/status } or { method GET POST } { path_reg ^/api/queue/token/users/[^/]+$ }";
