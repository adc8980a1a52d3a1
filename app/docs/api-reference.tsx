"use client";

import dynamic from "next/dynamic";
// Before the renderer loads: its zod must not probe for eval under the CSP.
import "@/lib/shared/zod-config";
import type { AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
// Scoped to the renderer's own `.scalar-app` root, so it leaves the site's styles alone.
import "@scalar/api-reference-react/style.css";

// The renderer is a large browser-only bundle (it mounts a Vue app), so it loads on the client only.
const ApiReferenceReact = dynamic(() => import("@scalar/api-reference-react").then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-slate-600">
      Loading the API reference…
    </p>
  ),
});

// Module-level so the renderer is not reconfigured on every render. Nothing is fetched from third
// parties: no web fonts, no telemetry, and "try it" requests go straight to this server.
const configuration: AnyApiReferenceConfiguration = {
  url: "/api/openapi.json",
  layout: "classic",
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  defaultOpenAllTags: false,
  metaData: { title: "Ticketing API" },
};

export function ApiReference() {
  return (
    <section
      aria-label="API reference"
      data-testid="api-reference"
      className="overflow-hidden rounded-xl border border-slate-200 bg-white"
    >
      <ApiReferenceReact configuration={configuration} />
    </section>
  );
}
