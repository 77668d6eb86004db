import { fileNameOf } from './content-disposition';
import { changeLines, formatBytes, formatValue } from './format';

describe('formatValue', () => {
  it('shows nothing as an em dash, booleans as Yes/No and lists joined by commas', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue('')).toBe('—');
    expect(formatValue(true)).toBe('Yes');
    expect(formatValue(false)).toBe('No');
    expect(formatValue(['Admins', 'Scouts'])).toBe('Admins, Scouts');
    expect(formatValue([])).toBe('—');
    expect(formatValue(42)).toBe('42');
  });

  it('keeps non-ASCII and markup as plain text', () => {
    expect(formatValue('Zoë Ångström <b>')).toBe('Zoë Ångström <b>');
  });
});

describe('changeLines', () => {
  it('lists an update as from → to per attribute, in the given order', () => {
    expect(
      changeLines({ department: { from: 'Sales', to: 'R&D' }, isManager: { from: false, to: true } }),
    ).toEqual([
      { key: 'department', from: 'Sales', to: 'R&D', kind: 'changed' },
      { key: 'isManager', from: 'No', to: 'Yes', kind: 'changed' },
    ]);
  });

  it('marks values of an added user as set and of a deleted user as removed', () => {
    expect(changeLines({ firstName: { from: null, to: 'Jane' } })[0].kind).toBe('set');
    expect(changeLines({ firstName: { from: 'Jane', to: null } })[0].kind).toBe('removed');
  });

  it('gives no lines for a record without changes', () => {
    expect(changeLines(null)).toEqual([]);
  });
});

describe('formatBytes', () => {
  it('uses the largest unit below 1024', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toMatch(/^1[.,]5 KB$/);
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
  });
});

describe('fileNameOf', () => {
  it('prefers the UTF-8 file name of a Content-Disposition header', () => {
    expect(fileNameOf(`attachment; filename="M_ller.csv"; filename*=UTF-8''M%C3%BCller.csv`)).toBe(
      'Müller.csv',
    );
    expect(fileNameOf('attachment; filename="users.csv"')).toBe('users.csv');
    expect(fileNameOf(null)).toBeUndefined();
  });
});
