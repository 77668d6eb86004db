// Sign in with an access token (staff or a tenant admin's); the token is checked with GET /api/me first.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { signIn, useSession } from '@/lib/session';
import { getMe, homePath, meQueryOptions } from '../api/get-me';

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (session.token && !busy) return <Navigate to={from ?? '/'} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError(new Error('Enter your access token.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await getMe(value);
      queryClient.setQueryData(meQueryOptions(value).queryKey, me);
      signIn(value);
      navigate(from ?? homePath(me), { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in__card" onSubmit={submit} noValidate>
        <p className="brand brand--large">ITONICS</p>
        <h1>Sign in to User CSV Sync</h1>
        {session.notice && !error && (
          <p className="notice notice--info" role="status">
            {session.notice}
          </p>
        )}
        {error != null && <ErrorNotice error={error} />}
        <div className="field">
          <label htmlFor="access-token">Access token</label>
          <input
            id="access-token"
            name="access-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            autoFocus
          />
          <p className="hint">The token you were given by ITONICS staff, or the staff token.</p>
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
