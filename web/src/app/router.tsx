// Every page of the console and its path.
import { createBrowserRouter } from 'react-router';
import { SignInPage } from '@/features/auth/components/sign-in-page';
import { SyncListPage } from '@/features/logs/components/sync-list-page';
import { SyncPage } from '@/features/sync/components/sync-page';
import { TenantsPage } from '@/features/tenants/components/tenants-page';
import { UsersPage } from '@/features/users/components/users-page';
import { RecordsRoute } from './admin-routes';
import { AppLayout, HomeRedirect, NotFoundPage } from './layout';
import { AuditRoute, TenantAuditRoute, TenantRoute } from './staff-routes';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      // Staff
      { path: 'tenants', element: <TenantsPage /> },
      { path: 'tenants/:tenantId', element: <TenantRoute /> },
      { path: 'audit', element: <AuditRoute /> },
      { path: 'tenants/:tenantId/audit', element: <TenantAuditRoute /> },
      // A tenant's admin pages (staff may open any tenant's)
      { path: 'tenants/:tenantId/csv-sync', element: <SyncPage /> },
      { path: 'tenants/:tenantId/csv-sync/syncs', element: <SyncListPage /> },
      { path: 'tenants/:tenantId/csv-sync/syncs/:syncId', element: <RecordsRoute /> },
      { path: 'tenants/:tenantId/users', element: <UsersPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
