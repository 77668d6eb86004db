// Every page of the console and its path. The staff pages (tenants, a tenant, tokens, audit log) are
// placeholders here until their features exist.
import { createBrowserRouter } from 'react-router';
import { SignInPage } from '@/features/auth/components/sign-in-page';
import { SyncListPage } from '@/features/logs/components/sync-list-page';
import { RecordsPage } from '@/features/records/components/records-page';
import { SyncPage } from '@/features/sync/components/sync-page';
import { UsersPage } from '@/features/users/components/users-page';
import { AppLayout, HomeRedirect, NotFoundPage } from './layout';
import { AuditPlaceholder, TenantPlaceholder, TenantsPlaceholder } from './placeholders';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      // Staff
      { path: 'tenants', element: <TenantsPlaceholder /> },
      { path: 'tenants/:tenantId', element: <TenantPlaceholder /> },
      { path: 'audit', element: <AuditPlaceholder /> },
      // A tenant's admin pages (staff may open any tenant's)
      { path: 'tenants/:tenantId/csv-sync', element: <SyncPage /> },
      { path: 'tenants/:tenantId/csv-sync/syncs', element: <SyncListPage /> },
      { path: 'tenants/:tenantId/csv-sync/syncs/:syncId', element: <RecordsPage /> },
      { path: 'tenants/:tenantId/users', element: <UsersPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
