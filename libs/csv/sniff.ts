// Which delimiter a file uses, read from its header line (SPEC §6): Excel writes ";" in many locales.

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The candidate that occurs most often outside quotes; ties go to the earlier candidate, none to ",". */
export function sniffDelimiter(headerLine: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) as number) + 1);
  }
  let best: Delimiter = ',';
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) as number) > (counts.get(best) as number)) best = delimiter;
  }
  return best;
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
