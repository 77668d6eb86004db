import { InvalidArgumentError } from 'commander';
import {
  checkTenant,
  checkToken,
  listOf,
  nonNegativeInteger,
  OUTCOMES,
  parseAction,
  parseBaseUrl,
  parseSeconds,
  parseSyncId,
  positiveInteger,
  STATUSES,
} from './arguments';

describe('arguments of the command line', () => {
  it('takes an action in any case and refuses others, naming the choices', () => {
    expect(parseAction('Upsert')).toBe('upsert');
    expect(parseAction('delete')).toBe('delete');
    expect(() => parseAction('merge')).toThrow(
      new InvalidArgumentError('expected upsert or delete, got "merge"'),
    );
  });

  it('takes whole numbers in range only', () => {
    const limit = positiveInteger(500);
    expect(limit('20')).toBe(20);
    for (const bad of ['0', '-1', '1.5', '501', 'ten', '', '1e3'])
      expect(() => limit(bad)).toThrow(/from 1 to 500/);
    const retries = nonNegativeInteger(100);
    expect(retries('0')).toBe(0);
    expect(() => retries('101')).toThrow(/from 0 to 100/);
  });

  it('reads a timeout in seconds, fractions too, as milliseconds', () => {
    expect(parseSeconds('90')).toBe(90_000);
    expect(parseSeconds('0.5')).toBe(500);
    for (const bad of ['0', '-3', 'soon', '1h', `${8 * 24 * 3600}`])
      expect(() => parseSeconds(bad)).toThrow(/seconds/);
  });

  it('takes lists separated by commas, without repeats, and names what is not known', () => {
    const statuses = listOf(STATUSES, 'statuses');
    expect(statuses('completed, Failed,completed')).toEqual(['completed', 'failed']);
    expect(() => statuses('completed,done')).toThrow(/not known: done/);
    expect(() => statuses(',')).toThrow(/one or several statuses/);
    expect(listOf(OUTCOMES, 'outcomes')('not_found')).toEqual(['not_found']);
  });

  it('takes a sync id only in the form of a UUID', () => {
    expect(parseSyncId(' 0192F3C4-5D6E-7F80-9A1B-2C3D4E5F6A7B ')).toBe(
      '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b',
    );
    expect(() => parseSyncId('../tokens')).toThrow(/id of a sync/);
  });

  it('takes an http or https base URL, keeps a path prefix, and refuses credentials in it', () => {
    expect(parseBaseUrl('https://users.example.com/').href).toBe('https://users.example.com/');
    expect(parseBaseUrl('http://host:8080/sync/').pathname).toBe('/sync');
    expect(() => parseBaseUrl('ftp://host')).toThrow(/http or https/);
    expect(() => parseBaseUrl('users.example.com')).toThrow(/expected a URL/);
    expect(() => parseBaseUrl('https://jane:secret@host')).toThrow(/user name or password/);
    expect(() => parseBaseUrl('https://host/?token=x')).toThrow(/query/);
  });

  it('refuses a missing or malformed token without repeating it', () => {
    expect(checkToken(' abc123 ')).toBe('abc123');
    expect(() => checkToken(undefined)).toThrow('no token: set USER_CSV_SYNC_TOKEN or pass --token');
    expect(() => checkToken('   ')).toThrow(/no token/);
    try {
      checkToken('secret part two');
      throw new Error('not refused');
    } catch (error) {
      expect((error as Error).message).toMatch(/printable ASCII/);
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('needs a tenant', () => {
    expect(checkTenant(' acme ')).toBe('acme');
    expect(() => checkTenant(undefined)).toThrow('no tenant: pass --tenant ID or set USER_CSV_SYNC_TENANT');
  });
});
