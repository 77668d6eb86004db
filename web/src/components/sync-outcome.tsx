// What a sync came to, as the panel after an upload and the records page both show it: the count of each
// outcome its action can have, its warnings and its error.
import type { components } from '@/lib/api-types';
import { formatNumber, label, OUTCOME_LABELS } from '@/lib/format';
import { outcomeCount, outcomesOf } from '@/lib/sync-outcomes';

type Sync = components['schemas']['SyncDto'];

/** `name` is the list's accessible name, where a page tells it from others; `className` adds to `counts`. */
export function SyncCounts({ sync, name, className }: { sync: Sync; name?: string; className?: string }) {
  return (
    <dl className={className ? `counts ${className}` : 'counts'} aria-label={name}>
      {outcomesOf(sync.action).map((outcome) => (
        <div
          key={outcome}
          className={outcome === 'failed' && sync.counts.failed > 0 ? 'counts--failed' : undefined}
        >
          <dt>{label(OUTCOME_LABELS, outcome)}</dt>
          <dd>{formatNumber(outcomeCount(sync, outcome))}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SyncNotices({ sync }: { sync: Sync }) {
  return (
    <>
      {sync.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {sync.warnings.map((warning, index) => (
            <li key={index} className="notice notice--warning">
              {warning.message}
            </li>
          ))}
        </ul>
      )}
      {sync.error && (
        <div className="notice notice--error" role="alert">
          <p>{sync.error.message}</p>
        </div>
      )}
    </>
  );
}
