// "Revoke" with a confirmation step: a revoked token stops working at once and cannot be restored.
import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import type { Token } from '../api/get-tokens';
import { useRevokeToken } from '../api/revoke-token';

export function RevokeButton({
  tenantId,
  token,
  onRevoked,
}: {
  tenantId: string;
  token: Token;
  onRevoked: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useRevokeToken(tenantId);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) revokeButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={revokeButton}
        type="button"
        className="button button--small button--danger-quiet"
        aria-label={`Revoke ${token.name}`}
        onClick={() => setConfirming(true)}
      >
        Revoke
      </button>
    );
  }
  return (
    <div className="confirm confirm--inline" role="group" aria-label={`Confirm revoking ${token.name}`}>
      <span className="confirm__question">It stops working at once.</span>
      <button
        ref={confirmButton}
        type="button"
        className="button button--small button--danger"
        disabled={revoke.isPending}
        onClick={() => revoke.mutate(token.id, { onSuccess: onRevoked })}
      >
        Confirm revoke
      </button>
      <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
        Keep
      </button>
      {revoke.isError && <ErrorNotice error={revoke.error} />}
    </div>
  );
}
