// "New tenant": Tenant ID and Name, Create; the new tenant's page opens, ready to be configured.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { FieldError, invalidProps } from '@/components/field-error';
import { isApiError } from '@/lib/api-error';
import { fieldProblems } from '@/lib/field-problems';
import { useCreateTenant } from '../api/create-tenant';

export function NewTenantForm() {
  const [open, setOpen] = useState(false);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const create = useCreateTenant();
  const navigate = useNavigate();
  const idInput = useRef<HTMLInputElement>(null);
  const formId = useId();

  const idProblems = [
    ...fieldProblems(create.error, 'id'),
    ...(isApiError(create.error, 'TENANT_EXISTS') ? [create.error.message] : []),
  ];
  const nameProblems = fieldProblems(create.error, 'name');
  const otherError =
    create.error && idProblems.length === 0 && nameProblems.length === 0 ? create.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { id: id.trim(), name },
      {
        onSuccess: (tenant) =>
          void navigate(`/tenants/${encodeURIComponent(tenant.id)}`, { state: { created: true } }),
        onError: () => idInput.current?.focus(),
      },
    );
  }

  if (!open) {
    return (
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          aria-expanded="false"
          onClick={() => {
            setOpen(true);
            requestAnimationFrame(() => idInput.current?.focus());
          }}
        >
          New tenant
        </button>
      </div>
    );
  }

  return (
    <section className="card staff-section" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>New tenant</h2>
      <form className="form-row" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${formId}-id`}>Tenant ID</label>
          <input
            type="text"
            ref={idInput}
            id={`${formId}-id`}
            value={id}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setId(event.target.value)}
            {...invalidProps(`${formId}-id-error`, idProblems, `${formId}-id-hint`)}
          />
          <p id={`${formId}-id-hint`} className="hint">
            Lower-case letters, digits and single hyphens, e.g. acme-corp
          </p>
          <FieldError id={`${formId}-id-error`} messages={idProblems} />
        </div>
        <div className="field">
          <label htmlFor={`${formId}-name`}>Name</label>
          <input
            type="text"
            id={`${formId}-name`}
            value={name}
            autoComplete="organization"
            onChange={(event) => setName(event.target.value)}
            {...invalidProps(`${formId}-name-error`, nameProblems)}
          />
          <FieldError id={`${formId}-name-error`} messages={nameProblems} />
        </div>
        <div className="form-row__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setOpen(false);
              create.reset();
            }}
          >
            Cancel
          </button>
        </div>
      </form>
      {otherError && <ErrorNotice error={otherError} />}
    </section>
  );
}
