import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_DATABASE_URL, E2E_PORT } from "./e2e/env";

const baseURL = `http://127.0.0.1:${E2E_PORT}`;
// Debian's Chromium where it is installed (browsers cannot be downloaded here);
// Playwright's own browser everywhere else.
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // The documentation's screenshots are written only by `npm run screenshots`.
  testIgnore: "capturas/**",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: ".ci/out/playwright.json" }]] : "list",
  use: {
    baseURL,
    locale: "pt-BR",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: existsSync(systemChromium)
          ? {
              executablePath: systemChromium,
              args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            }
          : {},
      },
    },
  ],
  // The suite runs against a production build on PostgreSQL, so that fixtures can
  // prepare data directly in the database the server uses.
  webServer: {
    command: `npx tsx scripts/ensure-database.ts && SEED_DEMO=1 npm run db:seed && PORT=${E2E_PORT} HOSTNAME=127.0.0.1 node server.mjs`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-use-000",
    },
  },
});
