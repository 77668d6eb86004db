// The filters above a list: selects and dates that apply as they change, so the form has nothing to submit.
import type { ReactNode } from 'react';

export function FiltersForm({ children }: { children: ReactNode }) {
  return (
    <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      {children}
    </form>
  );
}

/** A choice among `options` ([value, text] pairs) after an empty first one, `allLabel`, that filters nothing. */
export function SelectFilter({
  id,
  label,
  allLabel,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  allLabel: string;
  options: readonly (readonly [value: string, text: string])[];
  value: string | null | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        <option value="">{allLabel}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** From and To: the days a list is cut to (YYYY-MM-DD; the API takes `to` as that whole day). `idPrefix`
 *  names the inputs `<idPrefix>-from` and `<idPrefix>-to`. */
export function DateRangeFilters({
  idPrefix,
  from,
  to,
  onChange,
}: {
  idPrefix: string;
  from: string | undefined;
  to: string | undefined;
  onChange: (name: 'from' | 'to', value: string) => void;
}) {
  return (
    <>
      <DateFilter
        id={`${idPrefix}-from`}
        label="From"
        value={from}
        onChange={(value) => onChange('from', value)}
      />
      <DateFilter id={`${idPrefix}-to`} label="To" value={to} onChange={(value) => onChange('to', value)} />
    </>
  );
}

function DateFilter({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={value ?? ''} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
