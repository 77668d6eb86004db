import { checkHeader } from './header';
import type { SyncConfig } from './types';

const CONFIG: SyncConfig = {
  emailColumn: 'Email',
  attributes: [
    { key: 'firstName', column: 'First Name', type: 'string', required: true },
    { key: 'lastName', column: 'Last Name', type: 'string', required: true },
    { key: 'department', column: 'Department', type: 'enum', values: ['R&D'], required: false },
  ],
  unknownColumns: 'reject',
  emptyCell: 'keep',
  deleteGuardPercent: 50,
};
const EXPECTED = ['Email', 'First Name', 'Last Name', 'Department'];

describe('checkHeader', () => {
  it('maps columns in any order, trimmed and case-insensitively, keeping the file’s spelling', () => {
    const check = checkHeader([' LAST NAME', 'email', 'First Name\t'], CONFIG, 'upsert');
    expect(check).toEqual({
      ok: true,
      warnings: [],
      mapping: {
        emailIndex: 1,
        columns: [
          { index: 0, attribute: CONFIG.attributes[1] },
          { index: 2, attribute: CONFIG.attributes[0] },
        ],
        ignored: [],
        width: 3,
        names: ['LAST NAME', 'email', 'First Name'],
      },
    });
  });

  it('refuses a header without the email column, naming what is missing, unknown and expected', () => {
    const check = checkHeader(['Mail', 'First Name', 'Last Name'], CONFIG, 'upsert');
    expect(check).toMatchObject({
      ok: false,
      missing: ['Email'],
      unknown: ['Mail'],
      duplicates: [],
      expected: EXPECTED,
    });
    expect(!check.ok && check.message).toMatch(
      /missing column "Email".*not configured column "Mail".*Expected columns: Email, First Name/,
    );
  });

  it('refuses missing required columns and repeated columns', () => {
    expect(checkHeader(['Email', 'First Name'], CONFIG, 'upsert')).toMatchObject({
      ok: false,
      missing: ['Last Name'],
    });
    expect(checkHeader(['Email', 'First Name', 'Last Name', 'first name'], CONFIG, 'upsert')).toMatchObject({
      ok: false,
      duplicates: ['first name'],
    });
  });

  it('refuses unknown columns under "reject" and ignores them with a warning under "ignore"', () => {
    const header = ['Email', 'First Name', 'Last Name', 'Shoe Size'];
    expect(checkHeader(header, CONFIG, 'upsert')).toMatchObject({
      ok: false,
      unknown: ['Shoe Size'],
      missing: [],
    });
    const check = checkHeader(header, { ...CONFIG, unknownColumns: 'ignore' }, 'upsert');
    expect(check).toMatchObject({
      ok: true,
      mapping: { ignored: [3] },
      warnings: [expect.stringContaining('Shoe Size')],
    });
  });

  it('ignores the columns of an error report, so that a fixed report can be uploaded again', () => {
    const check = checkHeader(
      ['Email', 'First Name', 'Last Name', 'line', 'error_code', 'error_message'],
      CONFIG,
      'upsert',
    );
    expect(check).toMatchObject({ ok: true, warnings: [], mapping: { ignored: [3, 4, 5] } });
  });

  it('reads only the email column of a delete, whatever else the file carries', () => {
    expect(checkHeader(['Email'], CONFIG, 'delete')).toMatchObject({
      ok: true,
      warnings: [],
      mapping: { emailIndex: 0, columns: [] },
    });
    const check = checkHeader(['First Name', 'EMAIL', 'Badge'], CONFIG, 'delete');
    expect(check).toMatchObject({ ok: true, mapping: { emailIndex: 1, columns: [], ignored: [0, 2] } });
    expect(check.ok && check.warnings).toEqual([expect.stringMatching(/First Name, Badge/)]);
    expect(checkHeader(['Name'], CONFIG, 'delete')).toMatchObject({
      ok: false,
      missing: ['Email'],
      expected: ['Email'],
    });
  });

  it('ignores columns without a name, with a warning', () => {
    const check = checkHeader(['Email', 'First Name', 'Last Name', ''], CONFIG, 'upsert');
    expect(check).toMatchObject({
      ok: true,
      mapping: { ignored: [3], width: 4 },
      warnings: [expect.stringContaining('column 4')],
    });
  });
});
