// One attribute of the configuration editor: key, column, type, required, and the fields its type takes;
// move up, move down, remove. Problems of a refused save are shown at their fields.
import { FieldError, invalidProps } from '@/components/field-error';
import {
  ATTRIBUTE_TYPES,
  typeHasField,
  type AttributeField,
  type AttributeRow,
  type AttributeType,
} from '../model/config-model';

const TYPE_LABELS: Record<AttributeType, string> = {
  string: 'string (text)',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean (yes/no)',
  date: 'date',
  enum: 'enum (one value)',
  list: 'list (values)',
};

export type RowAction = 'up' | 'down' | 'remove';

interface Props {
  row: AttributeRow;
  position: number;
  count: number;
  idPrefix: string;
  problems: Partial<Record<AttributeField, string[]>> | undefined;
  onChange: (change: Partial<Omit<AttributeRow, 'id'>>) => void;
  onAction: (action: RowAction) => void;
  /** Lets the editor put the focus back on a button after the row moved. */
  buttonRef: (action: RowAction, element: HTMLButtonElement | null) => void;
}

export function AttributeRowEditor({
  row,
  position,
  count,
  idPrefix,
  problems,
  onChange,
  onAction,
  buttonRef,
}: Props) {
  const n = position + 1;
  const id = (field: AttributeField) => `${idPrefix}-${field}`;
  const errorProps = (field: AttributeField, hint?: string) =>
    invalidProps(`${id(field)}-error`, problems?.[field], hint);

  return (
    <fieldset className="attribute">
      <legend className="attribute__legend">Attribute {n}</legend>
      <div className="attribute__actions">
        <button
          type="button"
          className="button button--small"
          aria-label={`Move attribute ${n} up`}
          disabled={position === 0}
          ref={(element) => buttonRef('up', element)}
          onClick={() => onAction('up')}
        >
          <span aria-hidden="true">↑</span> Up
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={`Move attribute ${n} down`}
          disabled={position === count - 1}
          ref={(element) => buttonRef('down', element)}
          onClick={() => onAction('down')}
        >
          <span aria-hidden="true">↓</span> Down
        </button>
        <button
          type="button"
          className="button button--small button--danger-quiet"
          aria-label={`Remove attribute ${n}`}
          ref={(element) => buttonRef('remove', element)}
          onClick={() => onAction('remove')}
        >
          Remove
        </button>
      </div>
      <div className="attribute__fields">
        <div className="field">
          <label htmlFor={id('key')}>Key</label>
          <input
            type="text"
            id={id('key')}
            value={row.key}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onChange({ key: event.target.value })}
            {...errorProps('key')}
          />
          <FieldError id={`${id('key')}-error`} messages={problems?.key} />
        </div>
        <div className="field">
          <label htmlFor={id('column')}>Column</label>
          <input
            type="text"
            id={id('column')}
            value={row.column}
            autoComplete="off"
            onChange={(event) => onChange({ column: event.target.value })}
            {...errorProps('column')}
          />
          <FieldError id={`${id('column')}-error`} messages={problems?.column} />
        </div>
        <div className="field">
          <label htmlFor={id('type')}>Type</label>
          <select
            id={id('type')}
            value={row.type}
            onChange={(event) => onChange({ type: event.target.value as AttributeType })}
            {...errorProps('type')}
          >
            {ATTRIBUTE_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
          <FieldError id={`${id('type')}-error`} messages={problems?.type} />
        </div>
        <div className="field field--check">
          <input
            id={id('required')}
            type="checkbox"
            checked={row.required}
            onChange={(event) => onChange({ required: event.target.checked })}
            {...errorProps('required', `${id('required')}-hint`)}
          />
          <label htmlFor={id('required')}>Required</label>
          <p id={`${id('required')}-hint`} className="hint">
            for users being added
          </p>
          <FieldError id={`${id('required')}-error`} messages={problems?.required} />
        </div>
        {typeHasField(row.type, 'maxLength') && (
          <div className="field">
            <label htmlFor={id('maxLength')}>Max length</label>
            <input
              id={id('maxLength')}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              value={row.maxLength}
              placeholder="no limit"
              onChange={(event) => onChange({ maxLength: event.target.value })}
              {...errorProps('maxLength')}
            />
            <FieldError id={`${id('maxLength')}-error`} messages={problems?.maxLength} />
          </div>
        )}
        {typeHasField(row.type, 'format') && (
          <div className="field">
            <label htmlFor={id('format')}>Date format</label>
            <input
              type="text"
              id={id('format')}
              value={row.format}
              placeholder="YYYY-MM-DD"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => onChange({ format: event.target.value })}
              {...errorProps('format', `${id('format')}-hint`)}
            />
            <p id={`${id('format')}-hint`} className="hint">
              YYYY, MM and DD with . - / or a space, e.g. DD.MM.YYYY
            </p>
            <FieldError id={`${id('format')}-error`} messages={problems?.format} />
          </div>
        )}
        {typeHasField(row.type, 'separator') && (
          <div className="field">
            <label htmlFor={id('separator')}>Separator</label>
            <input
              type="text"
              id={id('separator')}
              className="input--short"
              value={row.separator}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => onChange({ separator: event.target.value })}
              {...errorProps('separator', `${id('separator')}-hint`)}
            />
            <p id={`${id('separator')}-hint`} className="hint">
              between the items of a cell
            </p>
            <FieldError id={`${id('separator')}-error`} messages={problems?.separator} />
          </div>
        )}
        {typeHasField(row.type, 'values') && (
          <div className="field field--wide">
            <label htmlFor={id('values')}>Values</label>
            <textarea
              id={id('values')}
              rows={Math.min(8, Math.max(3, row.values.split('\n').length + 1))}
              value={row.values}
              spellCheck={false}
              onChange={(event) => onChange({ values: event.target.value })}
              {...errorProps('values', `${id('values')}-hint`)}
            />
            <p id={`${id('values')}-hint`} className="hint">
              One per line; a cell matches them case-insensitively and is stored as written here.
            </p>
            <FieldError id={`${id('values')}-error`} messages={problems?.values} />
          </div>
        )}
      </div>
    </fieldset>
  );
}
