// An error in words: the API's message and its details laid out (INVALID_HEADER's columns, a 400's problems);
// a module that is off gets its own panel instead of the form (SPEC §4: CSV_SYNC_DISABLED).
import { isApiError, type ApiError } from '@/lib/api-error';

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (isApiError(error, 'CSV_SYNC_DISABLED')) return <ModuleOff message={error.message} />;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div className="notice notice--error" role="alert">
      {title && <p className="notice__title">{title}</p>}
      <p>{message}</p>
      {isApiError(error) && <ErrorDetails error={error} />}
    </div>
  );
}

export function ModuleOff({ message }: { message: string }) {
  return (
    <section className="module-off" aria-labelledby="module-off-title">
      <h2 id="module-off-title">Module off</h2>
      <p>{message}</p>
    </section>
  );
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

function ErrorDetails({ error }: { error: ApiError }) {
  const d = error.details;
  if (error.code === 'INVALID_HEADER') {
    const groups: [string, string[]][] = [
      ['Missing columns', list(d.missing)],
      ['Unknown columns', list(d.unknown)],
      ['Duplicate columns', list(d.duplicates)],
    ];
    const expected = list(d.expected);
    return (
      <dl className="details">
        {groups
          .filter(([, columns]) => columns.length > 0)
          .map(([name, columns]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <Columns columns={columns} />
              </dd>
            </div>
          ))}
        {expected.length > 0 && (
          <div>
            <dt>Expected header</dt>
            <dd>
              <code className="header-line">{expected.join(', ')}</code>
            </dd>
          </div>
        )}
        {typeof d.line === 'number' && (
          <div>
            <dt>Line</dt>
            <dd>{d.line}</dd>
          </div>
        )}
      </dl>
    );
  }
  const problems = Array.isArray(d.problems) ? (d.problems as { field?: string; messages?: string[] }[]) : [];
  if (problems.length > 0) {
    return (
      <ul className="details-list">
        {problems.map((problem, index) => (
          <li key={index}>
            {problem.field && <strong>{problem.field}: </strong>}
            {(problem.messages ?? []).join('; ')}
          </li>
        ))}
      </ul>
    );
  }
  const simple = Object.entries(d).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  if (simple.length === 0) return null;
  return (
    <dl className="details">
      {simple.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Columns({ columns }: { columns: string[] }) {
  return (
    <ul className="chips">
      {columns.map((column, index) => (
        <li key={index} className="chip">
          {column === '' ? '(empty)' : column}
        </li>
      ))}
    </ul>
  );
}
