// Which delimiter a file uses, read from its header line (SPEC §6): Excel writes ";" in many locales.

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The candidate that splits the header into the most names that look like names: not empty, and without
 * another candidate in them (a header "Email\t,Name\t" is comma-separated with stray tabs, not the other way
 * round). Ties go to the earlier candidate; a single column is ",".
 */
export function sniffDelimiter(headerLine: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const score = splitOutsideQuotes(headerLine, delimiter).filter((name) =>
      looksLikeName(name, delimiter),
    ).length;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function looksLikeName(name: string, delimiter: Delimiter): boolean {
  const trimmed = name.replace(/^[ \t]+|[ \t]+$/g, '');
  return trimmed !== '' && !DELIMITERS.some((other) => other !== delimiter && trimmed.includes(other));
}

function splitOutsideQuotes(line: string, delimiter: string): string[] {
  const names: string[] = [];
  let quoted = false;
  let current = '';
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) {
      names.push(current);
      current = '';
      continue;
    }
    // Quoted text is a name's own business: delimiters in it do not count against the candidate.
    if (!quoted && char !== '"') current += char;
    else if (char !== '"') current += 'x';
  }
  names.push(current);
  return names;
}

/**
 * The end of the first line of `text` that has content, outside quotes: the index of its line break, or -1 when
 * the text does not hold a whole one yet. Returns the line too, for sniffing.
 */
export function firstContentLine(text: string): { line: string; end: number } | null {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      const line = text.slice(start, i);
      if (line.trim() !== '') return { line, end: i };
      start = i + 1;
    }
  }
  return null;
}
