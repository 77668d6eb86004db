// The question before a revert: what it will do to this sync's users, an optional dry run, and the service's
// refusal (a 409) in the dialog itself. On success the caller is handed the revert.
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import type { SyncSummary } from '../api/get-sync-summary';
import { useRevertSync } from '../api/revert-sync';
import { revertEffects } from '../model/revert-plan';

/** A key per opened dialog: a second click after a lost answer is the same revert (crypto.randomUUID needs
 *  a secure context, getRandomValues does not). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-revert-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function RevertDialog({
  tenantId,
  sync,
  onReverted,
  onClose,
}: {
  tenantId: string;
  sync: SyncSummary;
  onReverted: (revert: SyncSummary) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [dryRun, setDryRun] = useState(false);
  const [key] = useState(newKey);
  const revert = useRevertSync(tenantId, sync.id);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  function confirm() {
    // The service refuses one key with another dryRun, so each choice has its own.
    const idempotencyKey = `${key}-${dryRun ? 'dry' : 'apply'}`;
    revert.mutate({ dryRun, idempotencyKey }, { onSuccess: onReverted });
  }

  return (
    <dialog
      ref={dialog}
      className="dialog dialog--wide"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        if (!revert.isPending) onClose();
      }}
    >
      <h2 id={`${id}-title`}>
        Revert {sync.action === 'revert' ? 'the revert of ' : ''}
        <span className="file-name">{sync.fileName}</span>?
      </h2>
      <p id={`${id}-text`}>{revertEffects(sync)}</p>
      <p className="hint dialog__note">
        The revert is a sync of its own, with its records; one that would delete many users waits for a
        confirmation, as a mass delete does.
      </p>
      <div className="field field--inline">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={dryRun}
            disabled={revert.isPending}
            onChange={(event) => setDryRun(event.target.checked)}
          />
          Dry run
        </label>
        <span className="hint">Computes every outcome without changing any user; apply it afterwards.</span>
      </div>
      {revert.error && <ErrorNotice error={revert.error} title="The revert was not accepted" />}
      <div className="actions">
        <button
          type="button"
          className={`button ${dryRun ? 'button--primary' : 'button--danger'}`}
          disabled={revert.isPending}
          onClick={confirm}
        >
          {revert.isPending ? 'Reverting…' : 'Confirm revert'}
        </button>
        <button type="button" className="button" disabled={revert.isPending} onClick={onClose}>
          Back
        </button>
      </div>
    </dialog>
  );
}
