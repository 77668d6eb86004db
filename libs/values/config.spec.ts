import { checkSyncConfig } from './config';

const paths = (input: unknown) => {
  const check = checkSyncConfig(input);
  return check.ok ? [] : check.problems.map((p) => p.path);
};

describe('checkSyncConfig', () => {
  it('accepts the configuration of SPEC §4 and fills in the defaults', () => {
    const check = checkSyncConfig({
      emailColumn: ' Email ',
      attributes: [
        { key: 'firstName', column: 'First Name', type: 'string', required: true, maxLength: 100 },
        { key: 'department', column: 'Department', type: 'enum', values: ['R&D', 'Sales', 'HR'] },
        { key: 'startDate', column: 'Start Date', type: 'date' },
        { key: 'groups', column: 'Groups', type: 'list', values: ['Admins', 'Scouts'] },
      ],
    });
    expect(check).toEqual({
      ok: true,
      config: {
        emailColumn: 'Email',
        attributes: [
          { key: 'firstName', column: 'First Name', type: 'string', required: true, maxLength: 100 },
          {
            key: 'department',
            column: 'Department',
            type: 'enum',
            required: false,
            values: ['R&D', 'Sales', 'HR'],
          },
          { key: 'startDate', column: 'Start Date', type: 'date', required: false },
          {
            key: 'groups',
            column: 'Groups',
            type: 'list',
            required: false,
            separator: '|',
            values: ['Admins', 'Scouts'],
          },
        ],
        unknownColumns: 'reject',
        emptyCell: 'keep',
        deleteGuardPercent: 50,
      },
    });
  });

  it('lists every problem at once, each with its path', () => {
    expect(
      paths({
        emailColumn: 'Email',
        attributes: [
          { key: 'firstName', column: 'Name', type: 'text' },
          { key: 'firstName', column: 'name', type: 'string', maxLength: 0 },
          { key: 'dept', column: 'EMAIL', type: 'enum' },
          { key: 'start', column: 'Start', type: 'date', format: 'every tuesday' },
          { key: 'groups', column: 'Groups', type: 'list', values: [] },
          { key: '1st', column: 'line', type: 'integer', maxLength: 3, colour: 'red' },
          { key: 'tags', column: 'Tags', type: 'list', separator: '||', values: ['a', 'A', 'b|c'] },
        ],
        unknownColumns: 'sometimes',
        emptyCell: 'never',
        deleteGuardPercent: 150,
        colour: 'blue',
      }),
    ).toEqual([
      'colour',
      'attributes[0].type',
      'attributes[1].maxLength',
      'attributes[1].key',
      'attributes[1].column',
      'attributes[2].values',
      'attributes[2].column',
      'attributes[3].format',
      'attributes[4].values',
      'attributes[5].colour',
      'attributes[5].key',
      'attributes[5].column',
      'attributes[5].maxLength',
      'attributes[6].separator',
      'attributes[6].values[1]',
      'unknownColumns',
      'emptyCell',
      'deleteGuardPercent',
    ]);
  });

  it('refuses list values that contain the separator', () => {
    expect(
      paths({
        emailColumn: 'E',
        attributes: [{ key: 'tags', column: 'Tags', type: 'list', values: ['a', 'b|c'] }],
      }),
    ).toEqual(['attributes[0].values[1]']);
  });

  it.each([[[]], ['config'], [null], [42]])('refuses %j as a whole', (input) => {
    expect(checkSyncConfig(input)).toEqual({
      ok: false,
      problems: [{ path: '', message: 'must be a JSON object' }],
    });
  });

  it('requires the email column and the attribute list', () => {
    expect(paths({})).toEqual(['emailColumn', 'attributes']);
    expect(paths({ emailColumn: '  ', attributes: {} })).toEqual(['emailColumn', 'attributes']);
  });

  it('accepts a configuration with the email column alone', () => {
    expect(checkSyncConfig({ emailColumn: 'Mail', attributes: [] })).toMatchObject({ ok: true });
  });
});
