// Builds the bytes of a CSV file the way a real program would write them: delimiter, line ending, quoting,
// encoding and byte order mark are all explicit, so that a test shows exactly what it uploads.
import { stringify } from 'csv-stringify/sync';
import * as iconv from 'iconv-lite';

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'windows-1252';

export interface CsvFileOptions {
  delimiter?: string;
  eol?: '\r\n' | '\n' | '\r';
  encoding?: FileEncoding;
  quoted?: boolean;
}

export function csvText(rows: readonly (readonly string[])[], options: CsvFileOptions = {}): string {
  return stringify(rows as string[][], {
    delimiter: options.delimiter ?? ',',
    record_delimiter: options.eol ?? '\r\n',
    quoted: options.quoted ?? false,
  });
}

export function encode(text: string, encoding: FileEncoding = 'utf-8'): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]);
    case 'windows-1252':
      return iconv.encode(text, 'win1252');
  }
}

export function csvFile(rows: readonly (readonly string[])[], options: CsvFileOptions = {}): Buffer {
  return encode(csvText(rows, options), options.encoding);
}

export const HEADER = [
  'Email',
  'First Name',
  'Last Name',
  'Department',
  'Start Date',
  'Manager',
  'Cost Center',
  'Groups',
];

/** A row of the SPEC §4 example configuration, with values that every type accepts. */
export function userRow(i: number, overrides: Partial<Record<string, string>> = {}): string[] {
  const values: Record<string, string> = {
    Email: `user${i}@example.com`,
    'First Name': `First${i}`,
    'Last Name': `Last${i}`,
    Department: ['R&D', 'Sales', 'HR'][i % 3],
    'Start Date': `2026-0${(i % 9) + 1}-1${i % 10}`,
    Manager: i % 2 ? 'true' : 'false',
    'Cost Center': String(1000 + i),
    Groups: i % 2 ? 'Admins|Scouts' : 'Scouts',
    ...overrides,
  };
  return HEADER.map((column) => values[column] ?? '');
}

export function usersFile(count: number, options: CsvFileOptions = {}): Buffer {
  return csvFile([HEADER, ...Array.from({ length: count }, (_, i) => userRow(i + 1))], options);
}
