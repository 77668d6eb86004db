// Revert on a sync's records page (SPEC §10): the button, the reason where it cannot work, the dialog, and the
// revert's own page once the service accepted it.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { SyncSummary } from '../api/get-sync-summary';
import { revertBlocker } from '../model/revert-plan';
import { RevertDialog } from './revert-dialog';
import { recordsPath } from './sync-link';

/** Revert, after a dialog that says what it will do; disabled, with the reason beside it, where it cannot work. */
export function RevertAction({ tenantId, sync }: { tenantId: string; sync: SyncSummary }) {
  const [asking, setAsking] = useState(false);
  const navigate = useNavigate();
  const blocker = revertBlocker(sync);
  const reasonId = `revert-reason-${sync.id}`;
  return (
    <div className="revert">
      <button
        type="button"
        className="button"
        disabled={blocker !== null}
        aria-describedby={blocker ? reasonId : undefined}
        onClick={() => setAsking(true)}
      >
        Revert
      </button>
      {blocker && (
        <span id={reasonId} className="hint">
          {blocker}
        </span>
      )}
      {asking && (
        <RevertDialog
          tenantId={tenantId}
          sync={sync}
          onClose={() => setAsking(false)}
          onReverted={(revert) => {
            setAsking(false);
            void navigate(recordsPath(tenantId, revert.id));
          }}
        />
      )}
    </div>
  );
}
