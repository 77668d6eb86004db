// Writing CSV that spreadsheets open safely (SPEC §7): formula-like cells are neutralised, quoting per RFC 4180.

export const UTF8_BOM = '\uFEFF';

/** A cell that a spreadsheet would run as a formula starts with one of these (OWASP CSV Injection; LF since 2025).
 *  A cell that starts with apostrophes before one of them is guarded too, with one apostrophe more: otherwise a
 *  value such as `'-5` would be read back as the guarded `-5`, and undoFormulaSafe could not tell the two apart. */
const NEEDS_GUARD = /^'*[=+\-@\t\r\n]/;
const GUARDED = /^'+[=+\-@\t\r\n]/;

/** A formula-like cell gets a leading apostrophe: spreadsheets show it as text and do not run it. */
export function formulaSafe(cell: string): string {
  return NEEDS_GUARD.test(cell) ? `'${cell}` : cell;
}

/** Undoes formulaSafe on a cell read back from a file this service wrote: one leading apostrophe goes. */
export function undoFormulaSafe(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

/** One CSV line, ending with `eol`: cells made formula-safe, quoted when needed, quotes doubled. */
export function csvLine(
  cells: readonly (string | null | undefined)[],
  delimiter: string,
  eol = '\r\n',
): string {
  return cells.map((cell) => quote(formulaSafe(cell ?? ''), delimiter)).join(delimiter) + eol;
}

function quote(cell: string, delimiter: string): string {
  const needsQuotes =
    cell.includes(delimiter) ||
    cell.includes('"') ||
    cell.includes('\n') ||
    cell.includes('\r') ||
    /^[ \t]|[ \t]$/.test(cell);
  return needsQuotes ? `"${cell.replaceAll('"', '""')}"` : cell;
}
