import {
  addAttribute,
  ApiConfig,
  emptyDraft,
  fromApi,
  moveAttribute,
  placeProblems,
  removeAttribute,
  toApi,
  typeHasField,
  updateAttribute,
} from './config-model';

const SPEC_EXAMPLE: ApiConfig = {
  emailColumn: 'Email',
  attributes: [
    { key: 'firstName', column: 'First Name', type: 'string', required: true, maxLength: 100 },
    { key: 'lastName', column: 'Last Name', type: 'string', required: true },
    {
      key: 'department',
      column: 'Department',
      type: 'enum',
      required: false,
      values: ['R&D', 'Sales', 'HR'],
    },
    { key: 'startDate', column: 'Start Date', type: 'date', required: false, format: 'DD.MM.YYYY' },
    { key: 'isManager', column: 'Manager', type: 'boolean', required: false },
    { key: 'costCenter', column: 'Cost Center', type: 'integer', required: false },
    {
      key: 'groups',
      column: 'Groups',
      type: 'list',
      required: false,
      separator: ';',
      values: ['Admins', 'Scouts'],
    },
  ],
  unknownColumns: 'ignore',
  emptyCell: 'clear',
  deleteGuardPercent: 30,
  version: 7,
};

describe('config editor model', () => {
  it('gives back the API configuration it was made from', () => {
    const draft = fromApi(SPEC_EXAMPLE);
    expect(draft.version).toBe(7);
    expect(draft.attributes[2].values).toBe('R&D\nSales\nHR');
    expect(toApi(draft)).toEqual(SPEC_EXAMPLE);
  });

  it('starts a tenant without configuration at version 0 with an Email column and no attributes', () => {
    expect(toApi(emptyDraft())).toEqual({
      emailColumn: 'Email',
      attributes: [],
      unknownColumns: 'reject',
      emptyCell: 'keep',
      deleteGuardPercent: 50,
      version: 0,
    });
  });

  it('adds an empty string attribute at the end and removes a row by its identity', () => {
    let draft = fromApi(SPEC_EXAMPLE);
    draft = addAttribute(draft);
    expect(draft.attributes).toHaveLength(8);
    expect(draft.attributes[7]).toMatchObject({ key: '', column: '', type: 'string', required: false });
    const added = draft.attributes[7].id;
    expect(new Set(draft.attributes.map((row) => row.id)).size).toBe(8);

    draft = removeAttribute(draft, draft.attributes[1].id);
    expect(draft.attributes.map((row) => row.key)).toEqual([
      'firstName',
      'department',
      'startDate',
      'isManager',
      'costCenter',
      'groups',
      '',
    ]);
    expect(draft.attributes[6].id).toBe(added);
  });

  it('moves a row up and down and leaves it in place at either end', () => {
    const draft = fromApi({ ...SPEC_EXAMPLE, attributes: SPEC_EXAMPLE.attributes.slice(0, 3) });
    const [first, second, third] = draft.attributes;
    const keys = (d: typeof draft) => d.attributes.map((row) => row.key);
    expect(keys(moveAttribute(draft, third.id, -1))).toEqual(['firstName', 'department', 'lastName']);
    expect(keys(moveAttribute(draft, first.id, 1))).toEqual(['lastName', 'firstName', 'department']);
    expect(moveAttribute(draft, first.id, -1)).toBe(draft);
    expect(moveAttribute(draft, third.id, 1)).toBe(draft);
    expect(keys(moveAttribute(draft, second.id, 1))).toEqual(['firstName', 'department', 'lastName']);
    // The order is the order of the template's columns, so it is what the API receives.
    expect(toApi(moveAttribute(draft, third.id, -1)).attributes.map((a) => a.column)).toEqual([
      'First Name',
      'Department',
      'Last Name',
    ]);
  });

  it('offers max length for strings, values for enums and lists, a separator for lists, a format for dates', () => {
    expect(typeHasField('string', 'maxLength')).toBe(true);
    expect(typeHasField('enum', 'values')).toBe(true);
    expect(typeHasField('enum', 'separator')).toBe(false);
    expect(typeHasField('list', 'values')).toBe(true);
    expect(typeHasField('list', 'separator')).toBe(true);
    expect(typeHasField('date', 'format')).toBe(true);
    for (const type of ['integer', 'number', 'boolean'] as const) {
      for (const field of ['maxLength', 'values', 'separator', 'format'] as const) {
        expect(typeHasField(type, field)).toBe(false);
      }
    }
  });

  it('sends only the fields of the chosen type and keeps the others for a switch back', () => {
    let draft = fromApi(SPEC_EXAMPLE);
    const department = draft.attributes[2].id;
    draft = updateAttribute(draft, department, { type: 'integer' });
    expect(toApi(draft).attributes[2]).toEqual({
      key: 'department',
      column: 'Department',
      type: 'integer',
      required: false,
    });
    draft = updateAttribute(draft, department, { type: 'list' });
    expect(toApi(draft).attributes[2]).toEqual({
      key: 'department',
      column: 'Department',
      type: 'list',
      required: false,
      values: ['R&D', 'Sales', 'HR'],
      separator: '|',
    });
  });

  it('reads values one per line, trimmed, without blank lines, and trims keys and columns', () => {
    let draft = addAttribute(emptyDraft());
    const id = draft.attributes[0].id;
    draft = updateAttribute(draft, id, {
      key: ' region ',
      column: ' Région ',
      type: 'enum',
      values: ' Nord \r\n\n Süd\n',
    });
    expect(toApi(draft).attributes[0]).toEqual({
      key: 'region',
      column: 'Région',
      type: 'enum',
      required: false,
      values: ['Nord', 'Süd'],
    });
  });

  it('leaves out an empty max length, format or guard, and passes text that is no number on for the API to name', () => {
    let draft = addAttribute(emptyDraft());
    const id = draft.attributes[0].id;
    draft = {
      ...updateAttribute(draft, id, { key: 'a', column: 'A', maxLength: ' ' }),
      deleteGuardPercent: '',
    };
    const body = toApi(draft);
    expect(body.attributes[0]).not.toHaveProperty('maxLength');
    expect(body).not.toHaveProperty('deleteGuardPercent');

    draft = { ...updateAttribute(draft, id, { maxLength: '12abc' }), deleteGuardPercent: '2.5' };
    expect(toApi(draft).attributes[0].maxLength).toBe('12abc');
    expect(toApi(draft).deleteGuardPercent).toBe(2.5);
  });

  it('places each problem of a refused configuration at its field, following the row when rows move', () => {
    const draft = fromApi(SPEC_EXAMPLE);
    const sent = draft.attributes;
    const placed = placeProblems(
      [
        { path: 'emailColumn', message: 'must be a non-empty text' },
        { path: 'deleteGuardPercent', message: 'must be a number from 1 to 100' },
        { path: 'attributes[1].column', message: '"First Name" is used twice' },
        { path: 'attributes[2].values[1]', message: '"sales" is listed twice' },
        { path: 'attributes[0].maxLength', message: 'must be a whole number of at least 1' },
        { path: 'attributes[9].key', message: 'no such row' },
        { path: 'version', message: 'must be the whole number of the version the change is based on' },
        { path: '', message: 'must be a JSON object' },
      ],
      sent,
    );
    expect(placed.top).toEqual({
      emailColumn: ['must be a non-empty text'],
      deleteGuardPercent: ['must be a number from 1 to 100'],
    });
    expect(placed.rows[sent[1].id]).toEqual({ column: ['"First Name" is used twice'] });
    expect(placed.rows[sent[2].id]).toEqual({ values: ['value 2: "sales" is listed twice'] });
    expect(placed.rows[sent[0].id]).toEqual({ maxLength: ['must be a whole number of at least 1'] });
    expect(placed.general).toEqual([
      'Attribute 10, key: no such row',
      'version: must be the whole number of the version the change is based on',
      'must be a JSON object',
    ]);
    // Rows keep their identity when moved, so a message stays with the attribute it is about.
    const moved = moveAttribute(draft, sent[1].id, -1);
    expect(moved.attributes[0].id).toBe(sent[1].id);
  });
});
