// The example row of the template (SPEC §5): a value of each attribute's type that the sync reads back.
import { compileDateFormat, ISO_DATE_FORMAT } from './date-format';
import { DEFAULT_LIST_SEPARATOR } from './parse-value';
import type { AttributeConfig } from './types';

export const EXAMPLE_EMAIL = 'jane.doe@example.com';
const EXAMPLE_DATE = '2026-01-31';
/** Names for the attributes a person recognises; other text attributes get "Example". */
const EXAMPLE_TEXT: [RegExp, string][] = [
  [/first|given/i, 'Jane'],
  [/last|family|surname/i, 'Doe'],
];

export function exampleCell(attribute: AttributeConfig): string {
  switch (attribute.type) {
    case 'string': {
      const text = EXAMPLE_TEXT.find(([pattern]) => pattern.test(attribute.key))?.[1] ?? 'Example';
      return attribute.maxLength === undefined ? text : [...text].slice(0, attribute.maxLength).join('');
    }
    case 'integer':
      return '42';
    case 'number':
      return '42.5';
    case 'boolean':
      return 'true';
    case 'date':
      return compileDateFormat(attribute.format ?? ISO_DATE_FORMAT).format(EXAMPLE_DATE);
    case 'enum':
      return attribute.values?.[0] ?? '';
    case 'list':
      return (attribute.values ?? []).slice(0, 2).join(attribute.separator ?? DEFAULT_LIST_SEPARATOR);
  }
}
