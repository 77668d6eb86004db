// The admin pages that hold parts of several features, composed here (features never import each other).
import { useParams } from 'react-router';
import { RecordsPage } from '@/features/records/components/records-page';
import { SyncActions } from '@/features/sync/components/sync-panel';

/** A sync's records with Apply and Cancel sync where they apply: a revert that waits for a confirmation or
 *  was previewed is applied on its own page. */
export function RecordsRoute() {
  const { tenantId = '' } = useParams();
  return <RecordsPage actions={(sync) => <SyncActions tenantId={tenantId} sync={sync} />} />;
}
