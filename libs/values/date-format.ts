// Date formats of date attributes ("DD.MM.YYYY", default ISO "YYYY-MM-DD"), for reading cells and writing examples.

export const ISO_DATE_FORMAT = 'YYYY-MM-DD';

const TOKENS = ['YYYY', 'MM', 'DD'] as const;
const SEPARATORS = new Set(['.', '-', '/', ' ']);

export interface DateFormat {
  /** Reads a cell; null when it is not a real calendar date in this format. */
  parse(cell: string): string | null;
  /** Writes an ISO date (YYYY-MM-DD) in this format. */
  format(iso: string): string;
}

/** Splits a format into its tokens and separators; null when it is not made of YYYY, MM and DD once each. */
function tokenize(format: string): string[] | null {
  const parts: string[] = [];
  let rest = format;
  while (rest.length > 0) {
    const token = TOKENS.find((t) => rest.startsWith(t));
    if (token) {
      parts.push(token);
      rest = rest.slice(token.length);
    } else if (SEPARATORS.has(rest[0])) {
      parts.push(rest[0]);
      rest = rest.slice(1);
    } else {
      return null;
    }
  }
  const tokens = parts.filter((p) => p.length > 1);
  if (tokens.length !== 3 || new Set(tokens).size !== 3) return null;
  return parts;
}

export function isDateFormat(format: string): boolean {
  return tokenize(format) !== null;
}

/**
 * Compiles a format. When the parts are separated, a day or month may have one digit ("1.3.2026", as Excel
 * writes dates in many locales); without separators every part has its full width.
 */
export function compileDateFormat(format: string): DateFormat {
  const parts = tokenize(format);
  if (!parts) throw new Error(`Not a date format: ${format}`);
  const separated = parts.length === 5;
  const order: string[] = [];
  const pattern = parts
    .map((part) => {
      if (part === 'YYYY') {
        order.push(part);
        return '(\\d{4})';
      }
      if (part === 'MM' || part === 'DD') {
        order.push(part);
        return separated ? '(\\d{1,2})' : '(\\d{2})';
      }
      return part.replace(/[.\-/]/, (c) => `\\${c}`);
    })
    .join('');
  const regex = new RegExp(`^${pattern}$`);

  return {
    parse(cell) {
      const match = regex.exec(cell);
      if (!match) return null;
      const value: Record<string, number> = {};
      order.forEach((token, i) => (value[token] = Number(match[i + 1])));
      return isoDate(value.YYYY, value.MM, value.DD);
    },
    format(iso) {
      const [year, month, day] = iso.split('-');
      return parts.map((p) => (p === 'YYYY' ? year : p === 'MM' ? month : p === 'DD' ? day : p)).join('');
    },
  };
}

/** YYYY-MM-DD of a real calendar day, or null (no 31 April, 29 February only in leap years). */
function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
