// Asks before leaving the page with configuration changes that are not saved; Escape stays.
import { useEffect, useId, useRef } from 'react';

export function LeaveDialog({ onLeave, onStay }: { onLeave: () => void; onStay: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
    >
      <h2 id={`${id}-title`}>Leave without saving?</h2>
      <p id={`${id}-text`}>The configuration has changes that are not saved. Leaving drops them.</p>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={onStay}>
          Stay and keep editing
        </button>
        <button type="button" className="button" onClick={onLeave}>
          Leave without saving
        </button>
      </div>
    </dialog>
  );
}
