// A tenant's page (staff): its module switch, the configuration editor, links to its admin pages; the app
// adds the sections of other features (tokens) as children.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { useTenant } from '../api/get-tenant';
import { ActivationSwitch } from './activation-switch';
import { ConfigSection } from './config-section';

export function TenantPage({ tenantId, children }: { tenantId: string; children?: ReactNode }) {
  const tenant = useTenant(tenantId);
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const base = `/tenants/${encodeURIComponent(tenantId)}`;

  if (tenant.isPending) return <p className="loading">Loading…</p>;
  if (tenant.isError) {
    return (
      <>
        <PageHeader title="Tenant" />
        <ErrorNotice error={tenant.error} />
        <p>
          <Link to="/tenants">Back to Tenants</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={tenant.data.name} />
      <p className="meta page-meta">
        Tenant ID <code>{tenant.data.id}</code>
      </p>
      {created && (
        <p className="notice notice--success" role="status">
          Tenant created. Its CSV sync module is off: configure its attributes, then switch it on.
        </p>
      )}
      <nav className="links" aria-label="Tenant pages">
        <Link to={`${base}/csv-sync`}>User CSV Sync</Link>
        <Link to={`${base}/csv-sync/syncs`}>User CSV Sync List</Link>
        <Link to={`${base}/users`}>Users</Link>
        <Link to={`${base}/audit`}>Audit log</Link>
      </nav>
      <section className="card staff-section" aria-labelledby="csv-sync-module">
        <h2 id="csv-sync-module">CSV sync</h2>
        <ActivationSwitch tenant={tenant.data} />
      </section>
      <ConfigSection tenantId={tenantId} />
      {children}
    </>
  );
}
