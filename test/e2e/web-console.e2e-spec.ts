// The web console: served by the service at `/`, sign-in and sign-out, where each role lands, a 401 back to
// sign-in; in a real Chromium under a strict Content-Security-Policy.
import { startApp, TestApp } from '../support/app';
import { BrowserSession, startBrowser } from '../support/browser';
import { expectStatus, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';

let app: TestApp;
let browser: BrowserSession;
let tenant: TenantSetup;

beforeAll(async () => {
  app = await startApp();
  tenant = await setUpTenant(app.http, { tokenName: 'Zoë Ångström' });
  browser = await startBrowser(app.http.baseUrl);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(() => {
  expect(browser.takeProblems()).toEqual([]);
});

describe('serving', () => {
  it('serves the console at / and its hashed assets with a long cache', async () => {
    const index = await app.http.get('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await app.http.get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers any other path outside the API with the console, so that its routes survive a reload', async () => {
    for (const path of ['/sign-in', `/tenants/${tenant.tenantId}/csv-sync/syncs`, '/no/such/page?x=1']) {
      const res = await app.http.get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('keeps the JSON 404 of unknown API paths', async () => {
    for (const path of ['/api/nope', '/api/tenants/x/y/z/w', '/health/nope']) {
      const res = await app.http.get(path, STAFF_TOKEN);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    }
  });

  it('runs in the browser under the strict Content-Security-Policy', async () => {
    const response = await browser.page.goto(`${app.http.baseUrl}/sign-in`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await browser.page.getByRole('button', { name: 'Sign in' }).waitFor();
    // afterEach finds any violation among the console errors.
  });

  it('includes no inline script or style in the page', async () => {
    const index = await app.http.get('/');
    expect(index.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(index.text).not.toMatch(/<style|style="/);
  });
});

describe('GET /api/me', () => {
  it('tells staff and an admin who they are', async () => {
    expect((await expectStatus(app.http.get('/api/me', STAFF_TOKEN), 200)).body).toEqual({
      role: 'staff',
      name: 'staff',
      tenantId: null,
    });
    expect((await expectStatus(app.http.get('/api/me', tenant.adminToken), 200)).body).toEqual({
      role: 'admin',
      name: 'Zoë Ångström',
      tenantId: tenant.tenantId,
    });
    await expectStatus(app.http.get('/api/me'), 401);
  });
});

describe('sign-in', () => {
  it('sends a visitor without a token to sign-in, and back to the page asked for afterwards', async () => {
    const page = await browser.open(`/tenants/${tenant.tenantId}/csv-sync/syncs`);
    await page.getByLabel('Access token').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Access token').fill(tenant.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'User CSV Sync List', exact: true }).waitFor();
    await browser.signOut();
  });

  it('lands staff on Tenants and an admin on their User CSV Sync page', async () => {
    await browser.signIn(STAFF_TOKEN);
    await browser.page.getByRole('heading', { name: 'Tenants', exact: true }).waitFor();
    expect(new URL(browser.page.url()).pathname).toBe('/tenants');
    await browser.signOut();

    await browser.signIn(tenant.adminToken);
    await browser.page.getByRole('heading', { name: 'User CSV Sync', exact: true }).waitFor();
    expect(new URL(browser.page.url()).pathname).toBe(`/tenants/${tenant.tenantId}/csv-sync`);
    await browser.page.getByText('Zoë Ångström').waitFor();
    await browser.signOut();
  });

  it('says why a token is refused, and keeps it out of the URL', async () => {
    const page = await browser.open('/sign-in');
    await page.getByLabel('Access token').fill('not-a-real-token-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The token is not valid or has been revoked').waitFor();
    expect(page.url()).not.toContain('not-a-real-token');
  });

  it('keeps the token in sessionStorage only, and Sign out clears it', async () => {
    await browser.signIn(tenant.adminToken);
    // Evaluated in the page (a string: the tests are compiled without the DOM's types).
    const stored = await browser.page.evaluate(
      '({ session: Object.values(sessionStorage), local: Object.values(localStorage), cookie: document.cookie })',
    );
    expect(stored).toEqual({ session: [tenant.adminToken], local: [], cookie: '' });
    await browser.signOut();
    expect(await browser.page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('returns to sign-in with a message when the token stops working (401)', async () => {
    const second = await app.http.post(
      `/api/tenants/${tenant.tenantId}/tokens`,
      { name: 'Short-lived' },
      STAFF_TOKEN,
    );
    await browser.signIn(second.body.token);
    // The page has asked all it asks on its own: the next request is the click's.
    await browser.page.getByRole('button', { name: 'Submit' }).waitFor();
    await expectStatus(
      app.http.delete(`/api/tenants/${tenant.tenantId}/tokens/${second.body.id}`, STAFF_TOKEN),
      204,
    );

    await browser.page.getByRole('link', { name: 'User CSV Sync List' }).click();
    await browser.page.getByLabel('Access token').waitFor();
    await browser.page
      .getByRole('status')
      .getByText(/signed out.*not valid or has been revoked/i)
      .waitFor();
    expect(new URL(browser.page.url()).pathname).toBe('/sign-in');
  });

  it('survives a reload on a client route', async () => {
    await browser.signIn(tenant.adminToken);
    await browser.open(`/tenants/${tenant.tenantId}/users`);
    await browser.page.reload();
    await browser.page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await browser.signOut();
  });
});
