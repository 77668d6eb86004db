// "Tokens" of a tenant's page (staff): issue an admin token (shown once, with a copy button), the list, Revoke.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { FieldError, invalidProps } from '@/components/field-error';
import { ShowMore } from '@/components/show-more';
import { fieldProblems } from '@/lib/field-problems';
import { formatDateTime } from '@/lib/format';
import { useTokens } from '../api/get-tokens';
import { useIssueToken, type IssuedToken } from '../api/issue-token';
import { RevokeButton } from './revoke-button';

export function TokensSection({ tenantId }: { tenantId: string }) {
  const tokens = useTokens(tenantId);
  const issue = useIssueToken(tenantId);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const revokedRef = useRef<HTMLParagraphElement>(null);
  const id = useId();
  const rows = tokens.data?.pages.flatMap((page) => page.items) ?? [];
  const nameProblems = fieldProblems(issue.error, 'name');

  useEffect(() => {
    if (revoked) revokedRef.current?.focus();
  }, [revoked]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setRevoked(null);
    issue.mutate(name, {
      onSuccess: (token) => {
        setIssued(token);
        setName('');
        // The secret lives only in this component's state, not in the mutation cache.
        issue.reset();
      },
    });
  }

  return (
    <section className="card staff-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Tokens</h2>
      <p className="meta section-intro">
        Admin tokens sign in the tenant&apos;s admins and jobs; the logs show a token&apos;s name as the
        actor. A token is shown once, when it is issued.
      </p>
      <form className="form-row" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Token name</label>
          <input
            type="text"
            id={`${id}-name`}
            value={name}
            autoComplete="off"
            placeholder="e.g. Jane Doe or HR nightly job"
            onChange={(event) => setName(event.target.value)}
            {...invalidProps(`${id}-name-error`, nameProblems)}
          />
          <FieldError id={`${id}-name-error`} messages={nameProblems} />
        </div>
        <div className="form-row__actions">
          <button type="submit" className="button button--primary" disabled={issue.isPending}>
            Issue token
          </button>
        </div>
      </form>
      {issue.isError && nameProblems.length === 0 && (
        <ErrorNotice error={issue.error} title="The token was not issued" />
      )}
      {issued && <IssuedTokenPanel token={issued} onDone={() => setIssued(null)} />}
      {revoked && (
        <p ref={revokedRef} tabIndex={-1} className="notice notice--success" role="status">
          Token “{revoked}” revoked: it stops working at once.
        </p>
      )}

      {tokens.isError && <ErrorNotice error={tokens.error} />}
      {tokens.isPending && <p className="loading">Loading…</p>}
      {tokens.isSuccess && rows.length === 0 && <p className="empty">No tokens yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Admin tokens, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Issued by</th>
                <th scope="col">Issued at</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((token) => (
                <tr key={token.id}>
                  <th scope="row" className="cell-name">
                    {token.name}
                  </th>
                  <td>{token.createdBy}</td>
                  <td className="nowrap">{formatDateTime(token.createdAt)}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="state state--off">Revoked {formatDateTime(token.revokedAt)}</span>
                    ) : (
                      <span className="state state--on">Active</span>
                    )}
                  </td>
                  <td className="cell-actions">
                    {!token.revokedAt && (
                      <RevokeButton
                        tenantId={tenantId}
                        token={token}
                        onRevoked={() => setRevoked(token.name)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore query={tokens} />
    </section>
  );
}

/** The new token, once: a read-only field to select and a button that copies it. */
function IssuedTokenPanel({ token, onDone }: { token: IssuedToken; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied(document.execCommand?.('copy') ? 'yes' : 'failed');
    }
  }

  return (
    <div className="issued" role="region" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="issued__title">
        New token for “{token.name}”
      </p>
      <p className="issued__warning">Copy it now: it is not shown again. Only its hash is stored.</p>
      <div className="issued__value">
        <label htmlFor={`${id}-token`} className="sr-only">
          New token
        </label>
        <input
          type="text"
          ref={input}
          id={`${id}-token`}
          className="input--mono"
          readOnly
          value={token.token}
          spellCheck={false}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          Copy token
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Done
        </button>
      </div>
      <p className="hint" role="status">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' &&
          'The browser did not allow copying: the token is selected, copy it with Ctrl+C.'}
      </p>
    </div>
  );
}
