// "Users": the tenant's users, searched by email, each with its attributes.
import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { formatDateTime, formatValue } from '@/lib/format';
import { useUsers } from '../api/get-users';

export function UsersPage() {
  const { tenantId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [draft, setDraft] = useState(search);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const users = useUsers(tenantId, search, cursors[cursors.length - 1]);
  const items = users.data?.items ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {}, { replace: true });
    setCursors([null]);
  }

  return (
    <>
      <PageHeader title="Users" />
      <form className="filters" role="search" onSubmit={submit}>
        <div className="field field--grow">
          <label htmlFor="user-search">Search by email</label>
          <input
            id="user-search"
            type="search"
            value={draft}
            placeholder="jane.doe@example.com"
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>

      {users.isError && <ErrorNotice error={users.error} />}
      {users.isPending && <p className="loading">Loading…</p>}
      {users.isSuccess && items.length === 0 && (
        <p className="empty">{search ? `No user matches “${search}”.` : 'This tenant has no users yet.'}</p>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Attributes</th>
                <th scope="col">Updated at</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <tr key={user.id}>
                  <td className="email">{user.email}</td>
                  <td>
                    <dl className="attributes">
                      {Object.entries(user.attributes as Record<string, unknown>).map(([key, value]) => (
                        <div key={key}>
                          <dt>{key}</dt>
                          <dd>{formatValue(value)}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                  <td className="nowrap">{formatDateTime(user.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursors.length > 1 || users.data?.nextCursor) && (
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            className="button"
            disabled={cursors.length === 1}
            onClick={() => setCursors((seen) => seen.slice(0, -1))}
          >
            Previous page
          </button>
          <button
            type="button"
            className="button"
            disabled={!users.data?.nextCursor || users.isPlaceholderData}
            onClick={() => setCursors((seen) => [...seen, users.data?.nextCursor ?? null])}
          >
            Next page
          </button>
        </nav>
      )}
    </>
  );
}
