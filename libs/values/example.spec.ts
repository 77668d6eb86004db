import { checkSyncConfig } from './config';
import { exampleCell } from './example';
import { compileValueParser } from './parse-value';
import type { AttributeConfig } from './types';

describe('exampleCell', () => {
  const check = checkSyncConfig({
    emailColumn: 'Email',
    attributes: [
      { key: 'firstName', column: 'First Name', type: 'string', maxLength: 2 },
      { key: 'lastName', column: 'Last Name', type: 'string' },
      { key: 'department', column: 'Department', type: 'enum', values: ['R&D', 'Sales'] },
      { key: 'startDate', column: 'Start Date', type: 'date', format: 'DD.MM.YYYY' },
      { key: 'hired', column: 'Hired', type: 'date' },
      { key: 'isManager', column: 'Manager', type: 'boolean' },
      { key: 'costCenter', column: 'Cost Center', type: 'integer' },
      { key: 'fte', column: 'FTE', type: 'number' },
      { key: 'groups', column: 'Groups', type: 'list', values: ['Admins', 'Scouts', 'Guests'] },
    ],
  });
  const attributes = check.ok ? check.config.attributes : [];

  it('makes a value of each type', () => {
    expect(attributes.map(exampleCell)).toEqual([
      'Ja',
      'Doe',
      'R&D',
      '31.01.2026',
      '2026-01-31',
      'true',
      '42',
      '42.5',
      'Admins|Scouts',
    ]);
  });

  it('makes values that the sync reads back', () => {
    attributes.forEach((attribute: AttributeConfig) => {
      expect(compileValueParser(attribute, { decimalComma: false })(exampleCell(attribute))).toMatchObject({
        ok: true,
      });
    });
  });
});
