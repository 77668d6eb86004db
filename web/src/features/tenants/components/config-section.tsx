// The "Attributes" section of a tenant's page: loads the configuration once and keeps the edit stable while the
// page refetches; a newer version replaces the edit only when it was saved here or staff load it.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { formatDateTime } from '@/lib/format';
import { configQueryOptions, useConfig, type SavedConfig } from '../api/get-config';
import { ConfigEditor } from './config-editor';

interface Loaded {
  config: SavedConfig | null;
  /** Changes when the edit starts again from a new base (after a save, or "Load version N"). */
  generation: number;
}

export function ConfigSection({ tenantId }: { tenantId: string }) {
  const query = useConfig(tenantId);
  const queryClient = useQueryClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const headingId = useId();
  const shown = loaded ?? (query.isSuccess ? { config: query.data, generation: 0 } : null);
  const generation = shown?.generation ?? 0;

  async function loadLatest() {
    const config = await queryClient.fetchQuery({ ...configQueryOptions(tenantId), staleTime: 0 });
    setSavedVersion(null);
    setLoaded({ config, generation: generation + 1 });
  }

  return (
    <section className="card staff-section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>Attributes</h2>
        {shown && (
          <p className="meta">
            {shown.config
              ? `Version ${shown.config.version}, saved by ${shown.config.updatedBy} on ${formatDateTime(shown.config.updatedAt)}`
              : 'Not configured yet: uploads are refused until a configuration is saved.'}
          </p>
        )}
      </div>
      {savedVersion !== null && (
        <p className="notice notice--success" role="status">
          Saved as version {savedVersion}.
        </p>
      )}
      {query.isPending && <p className="loading">Loading…</p>}
      {query.isError && !shown && <ErrorNotice error={query.error} />}
      {shown && (
        <ConfigEditor
          key={generation}
          tenantId={tenantId}
          base={shown.config}
          latestVersion={Math.max(query.data?.version ?? 0, shown.config?.version ?? 0)}
          onSaved={(saved) => {
            setSavedVersion(saved.version);
            setLoaded({ config: saved, generation: generation + 1 });
          }}
          onLoadLatest={() => void loadLatest()}
        />
      )}
    </section>
  );
}
