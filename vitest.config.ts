import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside Next's server bundle; the domain code it
      // guards is exercised directly by the tests.
      "server-only": path.resolve(import.meta.dirname, "tests/helpers/server-only.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    // Each file opens its own database: a new one on the server, or an embedded
    // one loaded from the snapshot the global setup migrated once.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default leaves one core free, which on a two-core machine runs the
    // files one by one; files also wait on the server, child processes and
    // password hashing, so two at a time pays even there.
    maxWorkers: Math.max(2, availableParallelism()),
    // Every file is a new process with its own PGlite. V8 compiles the hot
    // PostgreSQL functions of its WebAssembly a second time with the optimizing
    // compiler, on background threads; a file ends before that pays back, and on
    // two cores those threads take the CPU from the tests. The baseline compiler
    // alone cut a third of the CPU time of the embedded files (docs/benchmarks.md).
    execArgv: ["--liftoff-only"],
    // next-auth imports "next/server" without an extension, which Node's ESM
    // resolver refuses outside Next's bundler; letting Vite resolve it works.
    server: { deps: { inline: ["next-auth"] } },
  },
});
