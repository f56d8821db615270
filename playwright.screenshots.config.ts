import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run screenshots`: the only run that writes docs/screenshots/. Same
// server and browser as the suite, one worker so the pages are captured in peace.
export default defineConfig({
  ...base,
  testDir: "e2e/capturas",
  testIgnore: [],
  workers: 1,
});
