// Choose the action, dry run and a CSV file (picked or dropped), send it with the bytes sent shown, and say
// in words why the service refused it.
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { ProgressBar } from '@/components/progress-bar';
import type { UploadProgress } from '@/lib/files';
import { formatBytes } from '@/lib/format';
import { downloadTemplate } from '../api/download-template';
import type { Sync } from '../api/get-sync';
import { uploadSync, type SyncAction } from '../api/upload-sync';

export function UploadForm({ tenantId, onAccepted }: { tenantId: string; onAccepted: (sync: Sync) => void }) {
  const [action, setAction] = useState<SyncAction>('upsert');
  const [dryRun, setDryRun] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [templateError, setTemplateError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const uploading = progress !== null;

  function choose(next: File | null) {
    setFile(next);
    setError(null);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) choose(dropped);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError(new Error('Choose a CSV file first.'));
      return;
    }
    setError(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const sync = await uploadSync({ tenantId, action, dryRun, file, onProgress: setProgress });
      choose(null);
      if (input.current) input.current.value = '';
      onAccepted(sync);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  }

  async function template(example: boolean) {
    setTemplateError(null);
    try {
      await downloadTemplate(tenantId, action, example);
    } catch (caught) {
      setTemplateError(caught);
    }
  }

  return (
    <form className="card upload" onSubmit={submit} noValidate aria-label="Upload a CSV file">
      <fieldset className="field">
        <legend>Action</legend>
        <div className="segmented">
          <label>
            <input
              type="radio"
              name="action"
              value="upsert"
              checked={action === 'upsert'}
              onChange={() => setAction('upsert')}
            />
            Add/Update users
          </label>
          <label>
            <input
              type="radio"
              name="action"
              value="delete"
              checked={action === 'delete'}
              onChange={() => setAction('delete')}
            />
            Delete users
          </label>
        </div>
      </fieldset>

      <div className="field">
        <div
          className={`dropzone${dragging ? ' dropzone--active' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <label htmlFor="csv-file" className="dropzone__label">
            CSV file
          </label>
          <input
            ref={input}
            id="csv-file"
            type="file"
            name="file"
            accept=".csv,text/csv,text/plain"
            aria-describedby="csv-file-hint"
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
          />
          <span id="csv-file-hint" className="dropzone__hint">
            {file ? (
              <>
                <strong className="file-name">{file.name}</strong> · {formatBytes(file.size)}
              </>
            ) : (
              'Drop a file here, or choose one. UTF-8, UTF-16 or Windows-1252; comma, semicolon, tab or pipe.'
            )}
          </span>
        </div>
      </div>

      <div className="field field--inline">
        <label className="checkbox">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} />
          Dry run
        </label>
        <span className="hint">Computes every outcome without changing any user; apply it afterwards.</span>
      </div>

      {uploading && progress && (
        <div className="upload__progress">
          <ProgressBar label="Upload" value={progress.total ? (progress.sent * 100) / progress.total : 0} />
          <p className="hint" aria-live="polite">
            Sending the file: {formatBytes(progress.sent)} of {formatBytes(progress.total)} sent
          </p>
        </div>
      )}
      {error != null && <ErrorNotice error={error} title="The file was not accepted" />}

      <div className="actions">
        <button type="submit" className="button button--primary" disabled={uploading}>
          {uploading ? 'Sending…' : 'Submit'}
        </button>
      </div>

      <div className="template">
        <p className="hint">The columns this tenant's files carry, as a CSV to fill in:</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void template(false)}>
            Download template
          </button>
          <button type="button" className="button" onClick={() => void template(true)}>
            Download template with example
          </button>
        </div>
      </div>
      {templateError != null && <ErrorNotice error={templateError} />}
    </form>
  );
}
