// Staff pages that are still to come; each says what it will hold.
import { useParams } from 'react-router';
import { PageHeader } from '@/components/page-header';

export function TenantsPlaceholder() {
  return (
    <>
      <PageHeader title="Tenants" />
      <p className="empty">The list of tenants will be here.</p>
    </>
  );
}

export function TenantPlaceholder() {
  const { tenantId = '' } = useParams();
  return (
    <>
      <PageHeader title={`Tenant ${tenantId}`} />
      <p className="empty">Activation, configuration and tokens of this tenant will be here.</p>
    </>
  );
}

export function AuditPlaceholder() {
  return (
    <>
      <PageHeader title="Audit log" />
      <p className="empty">The audit log will be here.</p>
    </>
  );
}
