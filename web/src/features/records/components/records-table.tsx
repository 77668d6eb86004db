// One page of outcome records: line, email, outcome, the changes (from → to) and the error of a failed row.
import { changeLines, label, OUTCOME_LABELS } from '@/lib/format';
import type { SyncRecord } from '../api/get-records';

export function RecordsTable({ records }: { records: SyncRecord[] }) {
  return (
    <div className="table-wrap">
      <table className="table records">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Email</th>
            <th scope="col">Outcome</th>
            <th scope="col">Changes</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.line}>
              <td className="num">{record.line}</td>
              <td className="email">{record.email ?? '—'}</td>
              <td>
                <span className={`outcome outcome--${record.outcome}`}>
                  {label(OUTCOME_LABELS, record.outcome)}
                </span>
              </td>
              <td>
                <Changes changes={record.changes as Parameters<typeof changeLines>[0]} />
              </td>
              <td>
                {record.error && (
                  <div className="row-error">
                    <code>{record.error.code}</code>
                    {record.error.column && <span className="row-error__column">{record.error.column}</span>}
                    <span>{record.error.message}</span>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Changes({ changes }: { changes: Parameters<typeof changeLines>[0] }) {
  const lines = changeLines(changes);
  if (lines.length === 0) return null;
  return (
    <ul className="changes">
      {lines.map((line) => (
        <li key={line.key}>
          <span className="changes__key">{line.key}</span>{' '}
          {line.kind === 'set' ? (
            <span className="changes__to">{line.to}</span>
          ) : line.kind === 'removed' ? (
            <del className="changes__from">{line.from}</del>
          ) : (
            <>
              <span className="changes__from">{line.from}</span> <span aria-label="changed to">→</span>{' '}
              <span className="changes__to">{line.to}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
