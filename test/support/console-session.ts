// A test file's service with a real Chromium on its web console, started before the file's first test and
// ended after its last (the screenshot scripts of test/screenshots).
import type { Page } from 'playwright-core';
import { startApp, TestApp } from './app';
import { BrowserSession, startBrowser } from './browser';

export interface ConsoleSession {
  app: TestApp;
  browser: BrowserSession;
  /** The browser's one page. */
  page: Page;
  /** Ends the browser, then the service. */
  close(): Promise<void>;
}

/** The service (API and worker in one process) and a Chromium on it, signed in as no one. */
export async function startConsole(): Promise<ConsoleSession> {
  const app = await startApp();
  let browser: BrowserSession;
  try {
    browser = await startBrowser(app.http.baseUrl);
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    browser,
    page: browser.page,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}
