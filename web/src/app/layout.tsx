// The frame of every signed-in page: who is signed in, the navigation, Sign out; and the guard that sends a
// user without a (valid) token to sign-in.
import { Link, Navigate, NavLink, Outlet, useLocation, useParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { homePath, useMe, type Me } from '@/features/auth/api/get-me';
import { signOut, useSession } from '@/lib/session';

export function AppLayout() {
  const { token, signedOut } = useSession();
  const location = useLocation();
  const me = useMe(token);

  if (!token) {
    // Back to the page asked for after signing in, unless the user signed out (the next one starts afresh).
    const state = signedOut ? null : { from: location.pathname + location.search };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          ITONICS <span className="brand__product">User Management</span>
        </Link>
        {me.data && <Navigation me={me.data} />}
        <div className="topbar__user">
          {me.data && (
            <span
              className="topbar__name"
              title={me.data.role === 'staff' ? 'ITONICS staff' : 'Tenant admin'}
            >
              {me.data.name}
            </span>
          )}
          <button type="button" className="button button--quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {me.isPending ? (
          <p className="loading">Loading…</p>
        ) : me.isError ? (
          <ErrorNotice error={me.error} />
        ) : (
          <Outlet />
        )}
      </main>
    </div>
  );
}

function Navigation({ me }: { me: Me }) {
  const params = useParams();
  const tenantId = me.role === 'admin' ? me.tenantId : params.tenantId;
  const base = tenantId ? `/tenants/${encodeURIComponent(tenantId)}` : null;
  return (
    <nav className="nav" aria-label="Main">
      {me.role === 'staff' && (
        <>
          <NavLink to="/tenants" end>
            Tenants
          </NavLink>
          <NavLink to="/audit">Audit log</NavLink>
          {base && (
            <NavLink to={base} end className={({ isActive }) => `nav__tenant${isActive ? ' active' : ''}`}>
              {tenantId}
            </NavLink>
          )}
        </>
      )}
      {base && (
        <>
          <NavLink to={`${base}/csv-sync`} end>
            User CSV Sync
          </NavLink>
          <NavLink to={`${base}/csv-sync/syncs`}>User CSV Sync List</NavLink>
          <NavLink to={`${base}/users`}>Users</NavLink>
        </>
      )}
    </nav>
  );
}

export function HomeRedirect() {
  const { token } = useSession();
  const me = useMe(token);
  if (!me.data) return null;
  return <Navigate to={homePath(me.data)} replace />;
}

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </>
  );
}
