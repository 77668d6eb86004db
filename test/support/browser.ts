// A real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) on the web console of a test app:
// one browser per test file, its page reused; every browser console error is collected for the test to check.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the networking flags, this machine's closed network makes Chromium fail. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The strictest policy the service may send (SPEC: no inline scripts or styles); the page must work under it. */
export const STRICT_CSP =
  "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Chromium logs every 4xx answer as a console error ("Failed to load resource"). The console answers refusals
 * on purpose (a 401 ends the session, a 403 shows "Module off", a 400 its details), so those lines are not
 * errors of the page; anything else is (script errors, CSP violations, 5xx answers).
 */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d/;

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  baseUrl: string;
  /** Console errors and uncaught exceptions since the last call of takeProblems(). */
  takeProblems(): string[];
  open(path: string): Promise<Page>;
  signIn(token: string): Promise<void>;
  signOut(): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Serve the page with STRICT_CSP, as a production deployment does (default true). */
  strictCsp?: boolean;
  width?: number;
  height?: number;
}

export async function startBrowser(baseUrl: string, options: BrowserOptions = {}): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'ucs-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  });
  context.setDefaultTimeout(20_000);
  if (options.strictCsp ?? true) {
    // Only documents: API calls and uploads pass untouched.
    await context.route(
      (url) => !/^\/(api|docs|health|assets)(\/|$)/.test(url.pathname),
      async (route) => {
        if (route.request().resourceType() !== 'document') return route.continue();
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), 'content-security-policy': STRICT_CSP },
        });
      },
    );
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_REFUSAL.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));

  const session: BrowserSession = {
    context,
    page,
    baseUrl,
    takeProblems() {
      const taken = problems;
      problems = [];
      return taken;
    },
    async open(path: string) {
      await page.goto(baseUrl + path);
      return page;
    },
    async signIn(token: string) {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    },
    async signOut() {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Access token').waitFor();
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return session;
}
