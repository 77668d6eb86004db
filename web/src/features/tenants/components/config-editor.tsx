// The configuration editor (SPEC §4): email column, attributes (add, remove, reorder, type-specific fields),
// unknown columns, empty cells, delete guard; "Save configuration" makes a new version. A refused save shows
// each problem at its field; a save based on a version that is no longer current is explained (409).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { FieldError, invalidProps } from '@/components/field-error';
import { isApiError } from '@/lib/api-error';
import type { SavedConfig } from '../api/get-config';
import { useSaveConfig, type ConfigBody } from '../api/save-config';
import {
  addAttribute,
  emptyDraft,
  fromApi,
  moveAttribute,
  placeProblems,
  removeAttribute,
  toApi,
  updateAttribute,
  type AttributeRow,
  type ConfigDraft,
  type ConfigProblem,
  type ProblemsByField,
  type TopLevelField,
} from '../model/config-model';
import { AttributeRowEditor, type RowAction } from './attribute-row';
import { LeaveDialog } from './leave-dialog';

interface Props {
  tenantId: string;
  /** The configuration the edit starts from; null for a tenant that has none yet. */
  base: SavedConfig | null;
  /** The newest version the page knows of; above `base`, someone saved meanwhile. */
  latestVersion: number;
  onSaved: (saved: SavedConfig) => void;
  onLoadLatest: () => void;
}

interface Conflict {
  currentVersion: number;
  basedOnVersion: number;
}

export function ConfigEditor({ tenantId, base, latestVersion, onSaved, onLoadLatest }: Props) {
  const initial = useMemo(
    () => (base ? fromApi(base as Parameters<typeof fromApi>[0]) : emptyDraft()),
    [base],
  );
  const [draft, setDraft] = useState<ConfigDraft>(initial);
  const [problems, setProblems] = useState<ProblemsByField | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const save = useSaveConfig(tenantId);
  const formRef = useRef<HTMLFormElement>(null);
  const rowButtons = useRef(new Map<string, HTMLButtonElement | null>());
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; action: RowAction } | null>(null);
  const baseId = useId();

  const dirty = JSON.stringify(toApi(draft)) !== JSON.stringify(toApi(initial));
  const problemCount = problems
    ? Object.values(problems.top).flat().length +
      Object.values(problems.rows).flatMap((fields) => Object.values(fields).flat()).length +
      problems.general.length
    : 0;

  // Unsaved changes are not dropped silently: leaving the page asks first, and so does closing or reloading it.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // After a refused save, the first field with a problem gets the focus (the summary is announced as an alert).
  useEffect(() => {
    if (problems)
      formRef.current
        ?.querySelector<HTMLElement>(':is(input, select, textarea)[aria-invalid="true"]')
        ?.focus();
  }, [problems]);

  // A moved row's button keeps the focus; at either end, the other move button takes it.
  useEffect(() => {
    if (!focusAfterMove) return;
    const { id, action } = focusAfterMove;
    const button = rowButtons.current.get(`${id}:${action}`);
    const other = rowButtons.current.get(`${id}:${action === 'up' ? 'down' : 'up'}`);
    (button && !button.disabled ? button : other)?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove]);

  function change(next: ConfigDraft) {
    setDraft(next);
    save.reset();
  }

  function changeTop<K extends keyof ConfigDraft>(field: K & TopLevelField, value: ConfigDraft[K]) {
    change({ ...draft, [field]: value });
    if (problems?.top[field]) setProblems({ ...problems, top: { ...problems.top, [field]: undefined } });
  }

  function changeRow(row: AttributeRow, patch: Partial<Omit<AttributeRow, 'id'>>) {
    change(updateAttribute(draft, row.id, patch));
    const fields = problems?.rows[row.id];
    if (problems && fields) {
      const left = { ...fields };
      for (const field of Object.keys(patch) as (keyof typeof left)[]) delete left[field];
      setProblems({ ...problems, rows: { ...problems.rows, [row.id]: left } });
    }
  }

  function rowAction(row: AttributeRow, index: number, action: RowAction) {
    if (action === 'remove') {
      change(removeAttribute(draft, row.id));
      // The focus goes to the row that takes its place, or to "Add attribute" after the last one.
      const next = draft.attributes[index + 1] ?? draft.attributes[index - 1];
      requestAnimationFrame(() =>
        (next
          ? rowButtons.current.get(`${next.id}:remove`)
          : formRef.current?.querySelector<HTMLElement>('[data-add-attribute]')
        )?.focus(),
      );
      return;
    }
    change(moveAttribute(draft, row.id, action === 'up' ? -1 : 1));
    setFocusAfterMove({ id: row.id, action });
  }

  function add() {
    const next = addAttribute(draft);
    change(next);
    const added = next.attributes[next.attributes.length - 1];
    requestAnimationFrame(() => document.getElementById(`${baseId}-${added.id}-key`)?.focus());
  }

  function submit(event: { preventDefault(): void }, based: ConfigDraft = draft) {
    event.preventDefault();
    const sent = based.attributes;
    setProblems(null);
    setConflict(null);
    save.mutate(toApi(based) as ConfigBody, {
      onSuccess: (saved) => onSaved(saved),
      onError: (error) => {
        if (isApiError(error, 'INVALID_CONFIG')) {
          const list = Array.isArray(error.details.problems)
            ? (error.details.problems as ConfigProblem[])
            : [];
          setProblems(placeProblems(list, sent));
        } else if (isApiError(error, 'SYNC_STATE_CONFLICT')) {
          setConflict({
            currentVersion: Number(error.details.currentVersion),
            basedOnVersion: Number(error.details.basedOnVersion),
          });
        }
      },
    });
  }

  function saveOver(version: number, event: { preventDefault(): void }) {
    const next = { ...draft, version };
    setDraft(next);
    submit(event, next);
  }

  const topProps = (field: TopLevelField, hint?: string) =>
    invalidProps(`${baseId}-${field}-error`, problems?.top[field], hint);
  const describedBy = (field: TopLevelField) =>
    problems?.top[field] ? `${baseId}-${field}-error` : undefined;
  const otherError =
    save.isError &&
    !isApiError(save.error, 'INVALID_CONFIG') &&
    !isApiError(save.error, 'SYNC_STATE_CONFLICT')
      ? save.error
      : null;

  return (
    <form
      ref={formRef}
      className="config"
      onSubmit={(event) => submit(event)}
      noValidate
      aria-label="Configuration"
    >
      {latestVersion > draft.version && !conflict && (
        <div className="notice notice--warning" role="status">
          <p>
            Version {latestVersion} was saved by someone else while this page was open; your edit is based on
            version {draft.version}.
          </p>
          <button type="button" className="button" onClick={onLoadLatest}>
            Load version {latestVersion}
          </button>
        </div>
      )}

      <div className="field">
        <label htmlFor={`${baseId}-emailColumn`}>Email column</label>
        <input
          type="text"
          id={`${baseId}-emailColumn`}
          className="input--medium"
          value={draft.emailColumn}
          autoComplete="off"
          onChange={(event) => changeTop('emailColumn', event.target.value)}
          {...topProps('emailColumn', `${baseId}-emailColumn-hint`)}
        />
        <p id={`${baseId}-emailColumn-hint`} className="hint">
          The column that identifies each user; matched case-insensitively.
        </p>
        <FieldError id={`${baseId}-emailColumn-error`} messages={problems?.top.emailColumn} />
      </div>

      <div className="config__attributes" role="group" aria-label="Attribute list">
        {draft.attributes.length === 0 && (
          <p className="empty">No attributes yet: a file then carries the email column alone.</p>
        )}
        {draft.attributes.map((row, index) => (
          <AttributeRowEditor
            key={row.id}
            row={row}
            position={index}
            count={draft.attributes.length}
            idPrefix={`${baseId}-${row.id}`}
            problems={problems?.rows[row.id]}
            onChange={(patch) => changeRow(row, patch)}
            onAction={(action) => rowAction(row, index, action)}
            buttonRef={(action, element) => rowButtons.current.set(`${row.id}:${action}`, element)}
          />
        ))}
        <FieldError id={`${baseId}-attributes-error`} messages={problems?.top.attributes} />
        <div className="actions">
          <button type="button" className="button" data-add-attribute onClick={add}>
            Add attribute
          </button>
        </div>
      </div>

      <div className="config__rules">
        <fieldset className="choice" aria-describedby={describedBy('unknownColumns')}>
          <legend>Unknown columns</legend>
          <label>
            <input
              type="radio"
              name={`${baseId}-unknownColumns`}
              value="reject"
              checked={draft.unknownColumns === 'reject'}
              onChange={() => changeTop('unknownColumns', 'reject')}
            />
            Reject the file, naming them
          </label>
          <label>
            <input
              type="radio"
              name={`${baseId}-unknownColumns`}
              value="ignore"
              checked={draft.unknownColumns === 'ignore'}
              onChange={() => changeTop('unknownColumns', 'ignore')}
            />
            Ignore them, with a warning on the sync
          </label>
          <FieldError id={`${baseId}-unknownColumns-error`} messages={problems?.top.unknownColumns} />
        </fieldset>
        <fieldset className="choice" aria-describedby={describedBy('emptyCell')}>
          <legend>Empty cells</legend>
          <label>
            <input
              type="radio"
              name={`${baseId}-emptyCell`}
              value="keep"
              checked={draft.emptyCell === 'keep'}
              onChange={() => changeTop('emptyCell', 'keep')}
            />
            Keep the stored value
          </label>
          <label>
            <input
              type="radio"
              name={`${baseId}-emptyCell`}
              value="clear"
              checked={draft.emptyCell === 'clear'}
              onChange={() => changeTop('emptyCell', 'clear')}
            />
            Clear the stored value
          </label>
          <FieldError id={`${baseId}-emptyCell-error`} messages={problems?.top.emptyCell} />
        </fieldset>
        <div className="field">
          <label htmlFor={`${baseId}-deleteGuardPercent`}>Delete guard percent</label>
          <input
            id={`${baseId}-deleteGuardPercent`}
            className="input--short"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={draft.deleteGuardPercent}
            onChange={(event) => changeTop('deleteGuardPercent', event.target.value)}
            {...topProps('deleteGuardPercent', `${baseId}-deleteGuardPercent-hint`)}
          />
          <p id={`${baseId}-deleteGuardPercent-hint`} className="hint">
            A delete file that would remove at least this share of the users (of a tenant with more than 10)
            waits for confirmation.
          </p>
          <FieldError id={`${baseId}-deleteGuardPercent-error`} messages={problems?.top.deleteGuardPercent} />
        </div>
      </div>

      {problems && problemCount > 0 && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">
            The configuration was not saved: {problemCount} problem{problemCount === 1 ? '' : 's'}
            {problems.general.length < problemCount ? ', shown at their fields' : ''}.
          </p>
          {problems.general.length > 0 && (
            <ul className="details-list">
              {problems.general.map((message, index) => (
                <li key={index}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {conflict && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">Not saved: the configuration changed while you were editing it.</p>
          <p>
            Someone saved version {conflict.currentVersion}; your changes are based on version{' '}
            {conflict.basedOnVersion}. Load version {conflict.currentVersion} to see it (your changes are
            dropped), or save your changes over it as version {conflict.currentVersion + 1}.
          </p>
          <div className="actions">
            <button type="button" className="button" onClick={onLoadLatest}>
              Load version {conflict.currentVersion}
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={save.isPending}
              onClick={(event) => saveOver(conflict.currentVersion, event)}
            >
              Save mine over version {conflict.currentVersion}
            </button>
          </div>
        </div>
      )}
      {otherError && <ErrorNotice error={otherError} title="The configuration was not saved" />}

      {blocker.state === 'blocked' && (
        <LeaveDialog onLeave={() => blocker.proceed()} onStay={() => blocker.reset()} />
      )}
      <div className="savebar">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save configuration'}
        </button>
        {dirty && (
          <>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setDraft(initial);
                setProblems(null);
                setConflict(null);
                save.reset();
              }}
            >
              Discard changes
            </button>
            <span className="savebar__state">Unsaved changes</span>
          </>
        )}
      </div>
    </form>
  );
}
