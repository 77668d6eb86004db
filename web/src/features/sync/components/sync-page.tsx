// The "User CSV Sync" page: upload a file (or see that the module is off), then follow the sync live.
import { useQueryClient } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { useModuleState } from '../api/get-module-state';
import type { Sync } from '../api/get-sync';
import { SyncPanel } from './sync-panel';
import { UploadForm } from './upload-form';

export function SyncPage() {
  const { tenantId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const moduleState = useModuleState(tenantId);
  const syncId = params.get('sync');

  function accepted(sync: Sync) {
    queryClient.setQueryData(['sync', tenantId, sync.id], sync);
    setParams({ sync: sync.id });
  }

  return (
    <>
      <PageHeader title="User CSV Sync" />
      {moduleState.isPending ? (
        <p className="loading">Loading…</p>
      ) : moduleState.isError ? (
        <ErrorNotice error={moduleState.error} />
      ) : (
        <div className="sync-layout">
          <UploadForm tenantId={tenantId} onAccepted={accepted} />
          {syncId && <SyncPanel key={syncId} tenantId={tenantId} syncId={syncId} />}
        </div>
      )}
    </>
  );
}
