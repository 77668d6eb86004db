// The CSV sync configuration of a tenant (SPEC §4) and the values it produces, shared by the service and libs.

export const ATTRIBUTE_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'enum', 'list'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeConfig {
  key: string;
  column: string;
  type: AttributeType;
  required: boolean;
  /** string only: the most characters (code points) a value may have. */
  maxLength?: number;
  /** enum and list only: the allowed values, stored with this spelling. */
  values?: string[];
  /** list only: what separates the items of a cell (default "|"). */
  separator?: string;
  /** date only: e.g. "DD.MM.YYYY" (default ISO "YYYY-MM-DD"). */
  format?: string;
}

export type UnknownColumnsPolicy = 'reject' | 'ignore';
export type EmptyCellPolicy = 'keep' | 'clear';

export interface SyncConfig {
  emailColumn: string;
  attributes: AttributeConfig[];
  unknownColumns: UnknownColumnsPolicy;
  emptyCell: EmptyCellPolicy;
  deleteGuardPercent: number;
}

/** A stored attribute value: dates as ISO "YYYY-MM-DD" strings, lists as arrays in configured order. */
export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;

export type SyncAction = 'upsert' | 'delete';

/** Why a row failed; `column` is the header's own spelling of the column, or null when no column is to blame. */
export interface RowError {
  code: RowErrorCode;
  message: string;
  column: string | null;
}

export const ROW_ERROR_CODES = [
  'INVALID_EMAIL',
  'DUPLICATE_IN_FILE',
  'REQUIRED_VALUE_MISSING',
  'TOO_MANY_COLUMNS',
  'TOO_FEW_COLUMNS',
  'VALUE_TOO_LONG',
  'INVALID_CHARACTER',
  'INVALID_INTEGER',
  'INVALID_NUMBER',
  'INVALID_BOOLEAN',
  'INVALID_DATE',
  'INVALID_ENUM_VALUE',
  'INVALID_LIST_VALUE',
  // A revert's row (SPEC §10): the user changed since the sync being reverted, and is left as it is.
  'CHANGED_SINCE',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];
