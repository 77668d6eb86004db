// The staff pages, composed here because a tenant's page holds sections of several features.
import { useParams } from 'react-router';
import './staff.css';
import { AuditLogPage } from '@/features/audit/components/audit-log-page';
import { TenantPage } from '@/features/tenants/components/tenant-page';
import { TokensSection } from '@/features/tokens/components/tokens-section';

export function TenantRoute() {
  const { tenantId = '' } = useParams();
  return (
    <TenantPage key={tenantId} tenantId={tenantId}>
      <TokensSection tenantId={tenantId} />
    </TenantPage>
  );
}

export function AuditRoute() {
  return <AuditLogPage tenantId={null} />;
}

export function TenantAuditRoute() {
  const { tenantId = '' } = useParams();
  return <AuditLogPage key={tenantId} tenantId={tenantId} />;
}
