import * as iconv from 'iconv-lite';
import { startApp, TestApp } from '../support/app';
import { csvFile, csvText, encode, HEADER, userRow } from '../support/csv-file';
import { EXAMPLE_CONFIG, setUpTenant, TenantSetup } from '../support/fixtures';
import { records, syncFile, users } from '../support/syncs';

describe('reading real files (SPEC §6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ SYNC_BATCH_SIZE: '2' });
  });
  afterAll(() => t.close());

  const sync = (s: TenantSetup, file: Buffer | string, options = {}) =>
    syncFile(t.http, s.tenantId, s.adminToken, file, options);
  const usersOf = async (s: TenantSetup) =>
    Object.fromEntries((await users(t.http, s.tenantId, s.adminToken)).map((u) => [u.email, u.attributes]));

  it('reads a German Excel file (Windows-1252, semicolons, CRLF) exactly, with a warning and no U+FFFD', async () => {
    const s = await setUpTenant(t.http, {
      config: {
        ...EXAMPLE_CONFIG,
        attributes: [
          ...EXAMPLE_CONFIG.attributes.filter((a) => a.key !== 'startDate'),
          { key: 'startDate', column: 'Start Date', type: 'date', format: 'DD.MM.YYYY' },
        ],
      },
    });
    const text =
      'Email;First Name;Last Name;Department;Start Date;Manager;Cost Center;Groups\r\n' +
      'joerg.mueller@example.com;Jörg;Müller-Lüdenscheidt;Sales;01.02.2026;yes;4711;Scouts\r\n' +
      'rene.strasser@example.com;René;Straßer;R&D;1.3.2026;no;0;\r\n';
    const bytes = iconv.encode(text, 'win1252');
    expect(bytes.includes(Buffer.from([0xf6]))).toBe(true); // ö as one byte: this is not UTF-8
    const done = await sync(s, bytes, { fileName: 'Mitarbeiter.csv' });
    expect(done).toMatchObject({
      status: 'completed',
      encoding: 'windows-1252',
      delimiter: ';',
      counts: { added: 2 },
    });
    expect(done.warnings).toEqual([expect.objectContaining({ code: 'WINDOWS_1252' })]);
    expect(done.warnings[0].message).toMatch(/line 2/);
    const stored = await usersOf(s);
    expect(stored['joerg.mueller@example.com']).toMatchObject({
      firstName: 'Jörg',
      lastName: 'Müller-Lüdenscheidt',
      startDate: '2026-02-01',
    });
    expect(stored['rene.strasser@example.com']).toMatchObject({
      firstName: 'René',
      lastName: 'Straßer',
      startDate: '2026-03-01',
    });
    expect(JSON.stringify(stored)).not.toContain('\uFFFD');
  });

  it.each([
    ['UTF-8', 'utf-8'],
    ['UTF-8 with BOM', 'utf-8-bom'],
    ['UTF-16 LE with BOM', 'utf-16le-bom'],
    ['UTF-16 BE with BOM', 'utf-16be-bom'],
  ] as const)('reads %s, tab-separated', async (_name, encoding) => {
    const s = await setUpTenant(t.http);
    const file = csvFile(
      [HEADER, userRow(1, { 'First Name': 'Zoë 😀' }), userRow(2, { 'Last Name': '東京' })],
      {
        delimiter: '\t',
        encoding,
      },
    );
    const done = await sync(s, file);
    expect(done).toMatchObject({ status: 'completed', delimiter: '\t', warnings: [], counts: { added: 2 } });
    expect(done.encoding).toBe(
      encoding.startsWith('utf-16le') ? 'utf-16le' : encoding.startsWith('utf-16be') ? 'utf-16be' : 'utf-8',
    );
    const stored = await usersOf(s);
    expect(stored['user1@example.com'].firstName).toBe('Zoë 😀');
    expect(stored['user2@example.com'].lastName).toBe('東京');
  });

  it.each([',', ';', '\t', '|'])('detects the delimiter %j from the header', async (delimiter) => {
    const s = await setUpTenant(t.http);
    const done = await sync(
      s,
      csvFile([HEADER, userRow(1, { 'Last Name': 'Doe; Smith, Jr | III' })], { delimiter }),
    );
    expect(done.delimiter).toBe(delimiter);
    expect((await usersOf(s))['user1@example.com'].lastName).toBe('Doe; Smith, Jr | III');
  });

  it('keeps the file’s own line numbers across quoted line breaks, empty lines and mixed line endings', async () => {
    const s = await setUpTenant(t.http);
    const bad = (i: number) => userRow(i, { Manager: 'perhaps' });
    const text =
      `${HEADER.join(',')}\r\n` + // line 1
      `${bad(1).join(',')}\r\n` + // line 2
      `${userRow(2, { 'Last Name': '"Multi\r\nLine\nName"' }).join(',')}\n` + // lines 3-5
      '\r\n' + // line 6, empty
      ',,,,,,,\r\n' + // line 7, all cells empty
      `${bad(3).join(',')}\n` + // line 8
      `${bad(4).join(',')}\r\n`; // line 9
    const done = await sync(s, text);
    expect(done.counts).toMatchObject({ total: 4, added: 1, failed: 3 });
    const recs = await records(t.http, s.tenantId, done.id, s.adminToken);
    expect(recs.map((r) => [r.line, r.outcome])).toEqual([
      [2, 'failed'],
      [3, 'added'],
      [8, 'failed'],
      [9, 'failed'],
    ]);
    expect((await usersOf(s))['user2@example.com'].lastName).toBe('Multi\r\nLine\nName');
  });

  it('matches header names trimmed and case-insensitively, and trims cells', async () => {
    const s = await setUpTenant(t.http);
    const header = HEADER.map((h) => `  ${h.toUpperCase()}\t`);
    const done = await sync(s, csvFile([header, userRow(1, { 'First Name': '  Ann\t' })]));
    expect(done.status).toBe('completed');
    expect((await usersOf(s))['user1@example.com'].firstName).toBe('Ann');
  });

  it('ignores unknown columns under "ignore", with a warning naming them', async () => {
    const s = await setUpTenant(t.http, { config: { ...EXAMPLE_CONFIG, unknownColumns: 'ignore' } });
    const done = await sync(
      s,
      csvFile([
        [...HEADER, 'Shoe Size'],
        [...userRow(1), '44'],
      ]),
    );
    expect(done.status).toBe('completed');
    expect(done.warnings).toEqual([
      expect.objectContaining({ code: 'COLUMNS_IGNORED', message: expect.stringContaining('Shoe Size') }),
    ]);
    expect((await usersOf(s))['user1@example.com']).not.toHaveProperty('Shoe Size');
  });

  it('fails the row of a cell with a NUL byte, not the sync', async () => {
    const s = await setUpTenant(t.http);
    const text = csvText([HEADER, userRow(1), userRow(2, { 'Last Name': 'Nul\u0000Byte' }), userRow(3)]);
    const done = await sync(s, Buffer.from(text, 'utf8'));
    expect(done.counts).toMatchObject({ added: 2, failed: 1 });
    const [failed] = await records(t.http, s.tenantId, done.id, s.adminToken, 'outcome=failed');
    expect(failed).toMatchObject({ line: 3, error: { code: 'INVALID_CHARACTER', column: 'Last Name' } });
  });

  it('fails the row of a 10 MB cell, not the sync', async () => {
    const s = await setUpTenant(t.http);
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const done = await sync(
      s,
      encode(csvText([HEADER, userRow(1), userRow(2, { 'Last Name': huge }), userRow(3)])),
    );
    expect(done.counts).toMatchObject({ added: 2, failed: 1 });
    const [failed] = await records(t.http, s.tenantId, done.id, s.adminToken, 'outcome=failed');
    expect(failed).toMatchObject({ line: 3, error: { code: 'VALUE_TOO_LONG', column: 'Last Name' } });
  });

  it('reads a header-only template downloaded from the service, filled in by hand', async () => {
    const s = await setUpTenant(t.http);
    const template = await t.http.get(
      `/api/tenants/${s.tenantId}/csv-sync/template?example=true`,
      s.adminToken,
    );
    const filled = Buffer.concat([template.bytes, Buffer.from(`${userRow(7).join(',')}\r\n`)]);
    const done = await sync(s, filled);
    expect(done.counts).toMatchObject({ added: 2 });
  });
});
