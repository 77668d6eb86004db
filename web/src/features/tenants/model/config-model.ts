// The configuration editor's model (SPEC §4): what the form holds, how it changes, and how it maps to and from
// the API's JSON. Pure code, so that the rules are tested without a browser.

export const ATTRIBUTE_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'enum', 'list'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export type UnknownColumns = 'reject' | 'ignore';
export type EmptyCell = 'keep' | 'clear';

export const DEFAULT_SEPARATOR = '|';
export const DEFAULT_DELETE_GUARD_PERCENT = 50;

/** The fields an attribute row can show; which of them a type takes is `TYPE_FIELDS`. */
export type AttributeField =
  'key' | 'column' | 'type' | 'required' | 'maxLength' | 'values' | 'separator' | 'format';

const TYPE_FIELDS: Record<AttributeType, AttributeField[]> = {
  string: ['maxLength'],
  integer: [],
  number: [],
  boolean: [],
  date: ['format'],
  enum: ['values'],
  list: ['values', 'separator'],
};

/** Whether an attribute of this type has the field (max length, values, separator, format). */
export function typeHasField(type: AttributeType, field: AttributeField): boolean {
  return TYPE_FIELDS[type].includes(field);
}

/**
 * One attribute as the form holds it: every field as typed, so that switching the type back and forth loses
 * nothing; `id` keeps a row's identity (and its errors) while rows move.
 */
export interface AttributeRow {
  id: string;
  key: string;
  column: string;
  type: AttributeType;
  required: boolean;
  maxLength: string;
  /** One allowed value per line. */
  values: string;
  separator: string;
  format: string;
}

export interface ConfigDraft {
  emailColumn: string;
  attributes: AttributeRow[];
  unknownColumns: UnknownColumns;
  emptyCell: EmptyCell;
  deleteGuardPercent: string;
  /** The version the draft is based on; 0 while the tenant has no configuration. */
  version: number;
}

/** An attribute as the API speaks it (GET and PUT .../csv-sync/config). */
export interface ApiAttribute {
  key: string;
  column: string;
  type: string;
  required?: boolean;
  maxLength?: number;
  values?: string[];
  separator?: string;
  format?: string;
}

export interface ApiConfig {
  emailColumn: string;
  attributes: ApiAttribute[];
  unknownColumns?: string;
  emptyCell?: string;
  deleteGuardPercent?: number;
  version?: number;
}

let nextRowId = 0;
function newRowId(): string {
  nextRowId += 1;
  return `attribute-${nextRowId}`;
}

export function emptyAttribute(): AttributeRow {
  return {
    id: newRowId(),
    key: '',
    column: '',
    type: 'string',
    required: false,
    maxLength: '',
    values: '',
    separator: DEFAULT_SEPARATOR,
    format: '',
  };
}

/** The draft of a tenant without a configuration yet. */
export function emptyDraft(): ConfigDraft {
  return {
    emailColumn: 'Email',
    attributes: [],
    unknownColumns: 'reject',
    emptyCell: 'keep',
    deleteGuardPercent: String(DEFAULT_DELETE_GUARD_PERCENT),
    version: 0,
  };
}

function isAttributeType(value: string): value is AttributeType {
  return (ATTRIBUTE_TYPES as readonly string[]).includes(value);
}

export function fromApi(config: ApiConfig): ConfigDraft {
  return {
    emailColumn: config.emailColumn,
    attributes: config.attributes.map((a) => ({
      id: newRowId(),
      key: a.key,
      column: a.column,
      type: isAttributeType(a.type) ? a.type : 'string',
      required: a.required ?? false,
      maxLength: a.maxLength === undefined ? '' : String(a.maxLength),
      values: (a.values ?? []).join('\n'),
      separator: a.separator ?? DEFAULT_SEPARATOR,
      format: a.format ?? '',
    })),
    unknownColumns: config.unknownColumns === 'ignore' ? 'ignore' : 'reject',
    emptyCell: config.emptyCell === 'clear' ? 'clear' : 'keep',
    deleteGuardPercent: String(config.deleteGuardPercent ?? DEFAULT_DELETE_GUARD_PERCENT),
    version: config.version ?? 0,
  };
}

/**
 * A number field as typed: empty is "not set"; text that is not a number goes to the API as it is, so that
 * the API's own check names the field (one set of rules, in the service).
 */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
}

function valueLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The body of PUT .../csv-sync/config: only the fields the type takes, and the version the draft is based on. */
export function toApi(draft: ConfigDraft): ApiConfig & { version: number } {
  const attributes = draft.attributes.map((row) => {
    const attribute: ApiAttribute = {
      key: row.key.trim(),
      column: row.column.trim(),
      type: row.type,
      required: row.required,
    };
    if (typeHasField(row.type, 'maxLength') && row.maxLength.trim() !== '') {
      attribute.maxLength = numberOrText(row.maxLength) as number;
    }
    if (typeHasField(row.type, 'values')) attribute.values = valueLines(row.values);
    if (typeHasField(row.type, 'separator')) attribute.separator = row.separator;
    if (typeHasField(row.type, 'format') && row.format.trim() !== '') attribute.format = row.format.trim();
    return attribute;
  });
  const body: ApiConfig & { version: number } = {
    emailColumn: draft.emailColumn.trim(),
    attributes,
    unknownColumns: draft.unknownColumns,
    emptyCell: draft.emptyCell,
    version: draft.version,
  };
  if (draft.deleteGuardPercent.trim() !== '') {
    body.deleteGuardPercent = numberOrText(draft.deleteGuardPercent) as number;
  }
  return body;
}

export function addAttribute(draft: ConfigDraft): ConfigDraft {
  return { ...draft, attributes: [...draft.attributes, emptyAttribute()] };
}

export function removeAttribute(draft: ConfigDraft, id: string): ConfigDraft {
  return { ...draft, attributes: draft.attributes.filter((row) => row.id !== id) };
}

/** Moves a row up (-1) or down (+1); at either end it stays where it is. */
export function moveAttribute(draft: ConfigDraft, id: string, by: -1 | 1): ConfigDraft {
  const from = draft.attributes.findIndex((row) => row.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= draft.attributes.length) return draft;
  const attributes = [...draft.attributes];
  [attributes[from], attributes[to]] = [attributes[to], attributes[from]];
  return { ...draft, attributes };
}

export function updateAttribute(
  draft: ConfigDraft,
  id: string,
  change: Partial<Omit<AttributeRow, 'id'>>,
): ConfigDraft {
  return {
    ...draft,
    attributes: draft.attributes.map((row) => (row.id === id ? { ...row, ...change } : row)),
  };
}

/** A problem of a refused configuration, as INVALID_CONFIG lists them in `details.problems`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type TopLevelField =
  'emailColumn' | 'attributes' | 'unknownColumns' | 'emptyCell' | 'deleteGuardPercent';
const TOP_LEVEL: TopLevelField[] = [
  'emailColumn',
  'attributes',
  'unknownColumns',
  'emptyCell',
  'deleteGuardPercent',
];

/**
 * Where each problem is shown: at a top-level field, at a field of an attribute row (by row id, so that the
 * message stays with its row when rows move), or in the general list when no field of the form matches.
 */
export interface ProblemsByField {
  top: Partial<Record<TopLevelField, string[]>>;
  rows: Record<string, Partial<Record<AttributeField, string[]>>>;
  general: string[];
}

const ATTRIBUTE_PATH = /^attributes\[(\d+)\]\.([A-Za-z]+)(?:\[(\d+)\])?$/;
const BASE_FIELDS: AttributeField[] = ['key', 'column', 'type', 'required'];

export function placeProblems(problems: ConfigProblem[], rows: AttributeRow[]): ProblemsByField {
  const placed: ProblemsByField = { top: {}, rows: {}, general: [] };
  for (const { path, message } of problems) {
    const match = ATTRIBUTE_PATH.exec(path);
    const row = match ? rows[Number(match[1])] : undefined;
    const field = match?.[2] as AttributeField | undefined;
    if (row && field && (BASE_FIELDS.includes(field) || typeHasField(row.type, field))) {
      // "values[2]" belongs to the values field; the message names the value's place in the list.
      const text = match?.[3] === undefined ? message : `value ${Number(match[3]) + 1}: ${message}`;
      const fields = (placed.rows[row.id] ??= {});
      (fields[field] ??= []).push(text);
    } else if ((TOP_LEVEL as string[]).includes(path)) {
      (placed.top[path as TopLevelField] ??= []).push(message);
    } else {
      placed.general.push(path ? `${describePath(path)}: ${message}` : message);
    }
  }
  return placed;
}

/** "attributes[1].foo" as people count: "Attribute 2, foo". */
function describePath(path: string): string {
  return path
    .replace(/^attributes\[(\d+)\]\.?/, (_, i: string) => `Attribute ${Number(i) + 1}, `)
    .replace(/, $/, '');
}
