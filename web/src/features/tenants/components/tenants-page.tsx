// "Tenants" (staff): every tenant with the state of its module, a link to each, and "New tenant".
import { Link } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { ShowMore } from '@/components/show-more';
import { formatDateTime } from '@/lib/format';
import { useTenants } from '../api/get-tenants';
import { NewTenantForm } from './new-tenant-form';

export function TenantsPage() {
  const tenants = useTenants();
  const rows = tenants.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title="Tenants" />
      <NewTenantForm />
      {tenants.isError && <ErrorNotice error={tenants.error} />}
      {tenants.isPending && <p className="loading">Loading…</p>}
      {tenants.isSuccess && rows.length === 0 && (
        <p className="empty">No tenants yet. Create the first one above.</p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Tenants by ID</caption>
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col">ID</th>
                <th scope="col">CSV sync</th>
                <th scope="col">Configuration</th>
                <th scope="col">Created at</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((tenant) => (
                <tr key={tenant.id}>
                  <td>
                    <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
                  </td>
                  <td>
                    <code>{tenant.id}</code>
                  </td>
                  <td>
                    <span className={`state state--${tenant.csvSync.enabled ? 'on' : 'off'}`}>
                      {tenant.csvSync.enabled ? 'On' : 'Off'}
                    </span>
                  </td>
                  <td>
                    {tenant.csvSync.configVersion === null
                      ? 'Not configured'
                      : `Version ${tenant.csvSync.configVersion}`}
                  </td>
                  <td className="nowrap">{formatDateTime(tenant.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore query={tenants} />
    </>
  );
}
