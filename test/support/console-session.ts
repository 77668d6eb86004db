// A test file's service with a real Chromium on its web console, started before the file's first test and
// ended after its last: the browser tests (test/e2e/web-*) and the screenshot scripts (test/screenshots).
import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { startApp, startWorker, TestApp } from './app';
import { BrowserSession, startBrowser } from './browser';
import { setUpTenant, TenantSetup } from './fixtures';

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

export interface AdminConsoleSession extends ConsoleSession {
  /** The tenant whose admin, "Jane Doe", the browser is signed in as. */
  tenant: TenantSetup;
  /** Stops the worker: a sync accepted from then on stays queued, as the page shows it, until startWorker. */
  stopWorker(): Promise<void>;
  /** Starts the worker again if it was stopped. */
  startWorker(): Promise<void>;
}

/** The API and its worker apart, so that a test can hold a sync queued; a tenant, and a Chromium signed in as
 *  its admin. */
export async function startAdminConsole(): Promise<AdminConsoleSession> {
  const app = await startApp({ WORKER_MODE: 'api' });
  let worker: INestApplicationContext | undefined;
  let browser: BrowserSession | undefined;
  const close = async () => {
    await browser?.close();
    await worker?.close();
    await app.close();
  };
  try {
    worker = await startWorker(app.environment);
    const tenant = await setUpTenant(app.http, { tokenName: 'Jane Doe' });
    browser = await startBrowser(app.http.baseUrl);
    await browser.signIn(tenant.adminToken);
    return {
      app,
      browser,
      page: browser.page,
      tenant,
      close,
      stopWorker: async () => {
        await worker?.close();
        worker = undefined;
      },
      startWorker: async () => {
        worker ??= await startWorker(app.environment);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
