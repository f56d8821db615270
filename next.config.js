import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";

// Headers for every response, pages and API alike; the per-request CSP of the
// pages is set by proxy.ts (it needs a fresh nonce each time).
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

// PGlite loads its WASM and data files from its own package directory, and
// argon2 is a native addon: both must stay outside the server bundle. The
// metrics registry must be one per process, shared by server.mjs, the
// instrumentation hook and the routes (bundled separately): prom-client stays
// outside too, as does the OpenTelemetry SDK.
const serverExternalPackages = ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "prom-client",
  "@opentelemetry/sdk-trace-node", "@opentelemetry/exporter-trace-otlp-http", "@opentelemetry/resources"];

// `next dev` compiles a route's server code on its first visit, and again for
// the route handlers, the proxy and the instrumentation hook: zod (all its
// locales), drizzle-orm and the OpenTelemetry API are about 230 of the 1 100
// modules of the sign-in page and most of their bytes (docs/benchmarks.md, issue
// 20). Left to Node, they load once from node_modules. The production build
// still bundles them.
const devServerExternalPackages = ["zod", "drizzle-orm", "@opentelemetry/api"];

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages,
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default function config(phase) {
  if (phase !== PHASE_DEVELOPMENT_SERVER) return nextConfig;
  return { ...nextConfig, serverExternalPackages: [...serverExternalPackages, ...devServerExternalPackages] };
}
