// The CSV import's upload limit (SPEC §8), shared with the route handlers that enforce it.
const importMaxBytes = Number(process.env.IMPORT_MAX_BYTES) > 0 ? Number(process.env.IMPORT_MAX_BYTES) : 20 * 1024 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package directory, and
  // argon2 is a native addon: both must stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  experimental: {
    // proxy.ts runs on the import's upload routes, and Next buffers every proxied
    // body up to this size and silently truncates the rest (default 10 MB): a
    // 20 MB file would reach the route handler cut short. The margin covers the
    // multipart envelope and the form's other fields.
    proxyClientMaxBodySize: importMaxBytes + 1024 * 1024,
  },
};

export default nextConfig;
