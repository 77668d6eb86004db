// What the screenshot scripts share: the service and a Chromium on its console around a file's one test, and
// how a page becomes docs/screenshots/<name>.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ConsoleSession, startConsole } from '../support/console-session';

const OUT = join(__dirname, '..', '..', 'docs', 'screenshots');

export interface ScreenshotSession extends ConsoleSession {
  /** The whole page; with `fullPage` false only the window (a modal dialog with what its backdrop covers). */
  shot(name: string, fullPage?: boolean): Promise<void>;
}

async function writeShot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate('document.fonts.ready');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

/** A test that gets the service and a Chromium, signed in as no one; they start before it and end after it. */
export function screenshotTest(name: string, body: (session: ScreenshotSession) => Promise<void>): void {
  let session: ConsoleSession | undefined;
  beforeAll(async () => {
    session = await startConsole();
  });
  afterAll(() => session?.close());
  it(name, async () => {
    if (!session) throw new Error('the service and its browser did not start');
    const { page } = session;
    await body({ ...session, shot: (shotName, fullPage) => writeShot(page, shotName, fullPage) });
  });
}
