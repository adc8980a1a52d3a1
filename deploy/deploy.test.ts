import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { authSecret, config, configNames, resetConfigForTests } from "../lib/config";
import { metrics } from "../lib/observability/metrics";
import { QUEUE_ROUTE } from "../scripts/cluster/haproxy-config";

// No Docker engine or Kubernetes cluster runs these files here, so they are checked against the code: they parse,
// every variable production needs is provided (and validates with the app's own config), ports and probe paths
// are the app's, selectors meet their pods, migrations run as a one-off and never on start, and the dashboard asks
// only for metrics the app exposes.
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const HEALTH_PATH = "/api/health";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML, checked below

function yamlDocs(file: string): Doc[] {
  const docs = parseAllDocuments(read(file));
  for (const doc of docs) expect(doc.errors, `${file}: ${doc.errors.join("; ")}`).toEqual([]);
  return docs.map((d) => d.toJS() as Doc).filter(Boolean);
}

const k8sFiles = readdirSync(path.join(root, "deploy/k8s")).filter((f) => f.endsWith(".yaml"));
const k8s: Doc[] = k8sFiles.flatMap((f) => yamlDocs(`deploy/k8s/${f}`).map((doc) => ({ ...doc, file: f })));
const one = (kind: string) => {
  const found = k8s.filter((d) => d.kind === kind);
  expect(
    found.map((d) => d.file),
    kind,
  ).toHaveLength(1);
  return found[0]!;
};

/** The route file that answers a path, so a probe path is a route the app has. */
const routeExists = (p: string) => existsSync(path.join(root, "app", ...p.split("/").filter(Boolean), "route.ts"));

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
});

/** Runs the app's own config validation on `env` alone, as production would see it. */
function expectValidProductionConfig(env: Record<string, string>, where: string) {
  const unknown = Object.keys(env).filter((name) => !configNames().includes(name));
  expect(unknown, `${where}: variables the app does not read (typos?)`).toEqual([]);
  process.env = { ...env } as NodeJS.ProcessEnv;
  resetConfigForTests();
  const parsed = config();
  expect(parsed.NODE_ENV, where).toBe("production");
  expect(() => authSecret(), where).not.toThrow();
  // Required in production though optional in the schema (npm start fills them in for a developer).
  for (const name of ["DATABASE_URL", "AUTH_SECRET", "NEXTAUTH_URL", "REDIS_URL", "TRUSTED_PROXIES", "METRICS_TOKEN"]) {
    expect(env[name], `${where}: ${name}`).toBeTruthy();
  }
  return parsed;
}

describe("Kubernetes manifests (deploy/k8s)", () => {
  const deployment = one("Deployment");
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];

  it("has every kind a deployment needs", () => {
    for (const kind of [
      "Deployment",
      "Service",
      "Ingress",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "ConfigMap",
      "Secret",
      "Job",
    ]) {
      one(kind);
    }
    const kustomized = yamlDocs("deploy/k8s/kustomization.yaml")[0]!.resources as string[];
    for (const file of kustomized) expect(k8sFiles).toContain(file);
    expect(kustomized).not.toContain("migrate-job.yaml");
  });

  it("gives the app every variable production needs, and each validates", () => {
    const env: Record<string, string> = {};
    for (const from of container.envFrom) {
      const ref = from.configMapRef ?? from.secretRef;
      const source = k8s.find(
        (d) => d.metadata?.name === ref.name && d.kind === (from.configMapRef ? "ConfigMap" : "Secret"),
      );
      expect(source, ref.name).toBeDefined();
      Object.assign(env, source!.data ?? {}, source!.stringData ?? {});
    }
    for (const e of container.env ?? []) env[e.name] = e.value;
    const parsed = expectValidProductionConfig(env, "Deployment");

    // The container port is the app's PORT, on every interface; probes ask the health route on it.
    const port = container.ports.find((p: Doc) => p.name === "http");
    expect(port.containerPort).toBe(parsed.PORT);
    expect(parsed.HOSTNAME).toBe("0.0.0.0");
    for (const probe of ["readinessProbe", "livenessProbe"]) {
      expect(container[probe].httpGet, probe).toEqual({ path: HEALTH_PATH, port: "http" });
    }
    expect(routeExists(HEALTH_PATH)).toBe(true);
    expect(pod.metadata.annotations["prometheus.io/port"]).toBe(String(parsed.PORT));
    expect(pod.metadata.annotations["prometheus.io/path"]).toBe("/api/metrics");
  });

  it("selectors meet the pods, and the Service, Ingress and autoscaler name each other", () => {
    const labels = pod.metadata.labels;
    const matches = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(matches(deployment.spec.selector.matchLabels)).toBe(true);
    const service = one("Service");
    expect(matches(service.spec.selector)).toBe(true);
    expect(service.spec.ports[0].targetPort).toBe("http");
    expect(matches(one("PodDisruptionBudget").spec.selector.matchLabels)).toBe(true);
    const backend = one("Ingress").spec.rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({ name: service.metadata.name, port: { name: service.spec.ports[0].name } });
    const hpa = one("HorizontalPodAutoscaler");
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: "Deployment", name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    // The autoscaler scales on CPU, which needs a CPU request.
    expect(container.resources.requests.cpu).toBeTruthy();
  });

  it("migrates in a one-off Job, never on pod start, and runs as non-root", () => {
    const job = one("Job");
    const migrate = job.spec.template.spec.containers[0];
    expect(migrate.command).toEqual(["node", "dist/migrate.mjs"]);
    expect(migrate.image).toBe(container.image);
    expect(JSON.stringify(migrate.envFrom)).toBe(JSON.stringify(container.envFrom));
    // The app container runs the image's default command (the server); no init container migrates.
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    expect(pod.spec.initContainers).toBeUndefined();
    expect(JSON.stringify(pod)).not.toMatch(/migrat/i);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("deploy/Dockerfile");
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

  it("builds Next's standalone output and bundles the server and the migration runner", () => {
    expect(dockerfile).toMatch(/NEXT_OUTPUT=standalone/);
    expect(read("next.config.mjs")).toMatch(/process\.env\.NEXT_OUTPUT === "standalone" \? "standalone"/);
    expect(dockerfile).toMatch(/for entry in serve migrate/);
    for (const entry of ["serve", "migrate"]) expect(existsSync(path.join(root, "scripts", `${entry}.ts`))).toBe(true);
    expect(runtime).toMatch(/COPY --from=build \/app\/\.next\/standalone \.\//);
    expect(runtime).toMatch(/COPY --from=build \/app\/prisma\/migrations/);
  });

  it("runs the server as a non-root user, on its PORT, with a health check on /api/health", () => {
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    const port = /ENV [^\n]*PORT=(\d+)/.exec(runtime)?.[1];
    expect(/^EXPOSE (\d+)$/m.exec(runtime)?.[1]).toBe(port);
    expect(runtime).toMatch(/HOSTNAME=0\.0\.0\.0/);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*process\.env\.PORT \|\| 3000\) \+ '\/api\/health'/);
    expect(/^CMD (.+)$/m.exec(runtime)?.[1]).toBe('["node", "dist/serve.mjs"]');
  });
});

describe("docker-compose.yml and its balancer", () => {
  const compose = yamlDocs("deploy/docker-compose.yml")[0]!;
  const services = compose.services;

  it("runs a balancer, app replicas, waiting-room replicas, PostgreSQL, Redis and a one-off migration", () => {
    expect(Object.keys(services).sort()).toEqual(["app", "balancer", "migrate", "postgres", "queue", "redis"]);
    expect(services.app.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(services.migrate.command).toEqual(["node", "dist/migrate.mjs"]);
    expect(services.migrate.restart).toBe("no");
    expect(services.app.depends_on.migrate.condition).toBe("service_completed_successfully");
    expect(services.app.command).toBeUndefined();
  });

  it("gives the app a valid production configuration, and the balancer checks its port and health route", () => {
    const env = Object.fromEntries(
      Object.entries(services.app.environment as Record<string, string>).map(([k, v]) => [
        k,
        // ${NAME:-default}: the default, as compose would without the variable set.
        String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1"),
      ]),
    );
    const parsed = expectValidProductionConfig(env, "compose app");
    expect(services.app.healthcheck.test.join(" ")).toContain(`127.0.0.1:${parsed.PORT}${HEALTH_PATH}`);
    const haproxy = read("deploy/haproxy/haproxy.cfg");
    expect(services.balancer.volumes[0]).toMatch(/^\.\/haproxy\/haproxy\.cfg:/);
    expect(haproxy).toMatch(new RegExp(`server-template app \\d+ app:${parsed.PORT}\\b`));
    expect(haproxy).toMatch(new RegExp(`option httpchk GET ${HEALTH_PATH}\\b`));
    expect(haproxy).toMatch(/option forwardfor/);
    expect(haproxy).toMatch(/X-Request-Id/);
    expect(haproxy).toMatch(/deny deny_status 404 if \{ path \/api\/metrics \}/);
    // Endpoints 1-3 go to the waiting room's own processes, with the condition `npm run cluster` uses.
    expect(haproxy).toContain(`use_backend queue if ${QUEUE_ROUTE}`);
    expect(haproxy).toMatch(new RegExp(`server-template queue \\d+ queue:${parsed.PORT}\\b`));
    expect(services.queue.image).toBe(services.app.image);
    expect(services.queue.command).toEqual(["node", "dist/serve.mjs", "--queue"]);
    expect(services.queue.environment).toEqual(services.app.environment);
  });
});

describe("Grafana dashboard", () => {
  it("asks only for metrics the app exposes", async () => {
    const dashboard = JSON.parse(read("deploy/grafana/ticketing-dashboard.json")) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exposed = new Set(
      (await metrics().registry.getMetricsAsJSON()).flatMap((m) =>
        String(m.type) === "histogram" ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name],
      ),
    );
    const asked = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => [...t.expr.matchAll(/\b((?:ticketing|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!)),
    );
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.filter((name) => !exposed.has(name))).toEqual([]);
  });
});
