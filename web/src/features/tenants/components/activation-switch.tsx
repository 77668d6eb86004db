// The switch "CSV sync enabled": the tenant's module on or off (SPEC §4); off, the tenant's sync routes answer
// 403 CSV_SYNC_DISABLED, and syncs already accepted still finish.
import { useId } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { useSetActivation } from '../api/set-activation';
import type { Tenant } from '../api/get-tenants';

export function ActivationSwitch({ tenant }: { tenant: Tenant }) {
  const activation = useSetActivation(tenant.id);
  const id = useId();
  const enabled = tenant.csvSync.enabled;
  const notConfigured = tenant.csvSync.configVersion === null;

  return (
    <div className="activation">
      <div className="switch-field">
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={enabled}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-state`}
          disabled={activation.isPending}
          onClick={() => activation.mutate(!enabled)}
        >
          <span className="switch__thumb" aria-hidden="true" />
        </button>
        <span id={`${id}-label`} className="switch-field__label">
          CSV sync enabled
        </span>
      </div>
      <p id={`${id}-state`} className="hint" role="status">
        {enabled
          ? notConfigured
            ? 'On, but not configured yet: uploads are refused until a configuration is saved below.'
            : "On: the tenant's admins can upload CSV files."
          : "Off: the tenant's sync pages ask its admins to contact their Customer Success Manager."}
      </p>
      {activation.isError && <ErrorNotice error={activation.error} title="The switch did not change" />}
    </div>
  );
}
