import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the production server (`next build` runs beforehand), in real
 * Chromium, on a fresh embedded database per run. Workers inherit the values set on
 * process.env here, so every process of one run agrees on them.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

process.env.E2E_DATA_DIR ||= path.join(".data", `e2e-${Date.now()}`);
process.env.E2E_ADMIN_EMAIL ||= "e2e-admin@switchyard.test";
process.env.E2E_ADMIN_PASSWORD ||= "e2e-admin-password-1";
process.env.E2E_BASE_URL = BASE_URL;
const DATA_DIR = process.env.E2E_DATA_DIR;
fs.mkdirSync(DATA_DIR, { recursive: true });

// Old runs' databases are of no use; keep the folder from growing without end.
const parent = path.dirname(DATA_DIR);
for (const name of fs.readdirSync(parent)) {
  const dir = path.join(parent, name);
  if (name.startsWith("e2e-") && dir !== DATA_DIR && Date.now() - fs.statSync(dir).mtimeMs > 86_400_000) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined; // Playwright's own browser, if installed
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
    url: `${BASE_URL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATA_DIR,
      SUPERADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      SUPERADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      AUTH_TRUST_HOST: "true",
      PORT: String(PORT),
    },
  },
});
