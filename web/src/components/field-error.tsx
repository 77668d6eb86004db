// The problems of one form field, under it; the field points here with aria-describedby and is aria-invalid.
export function FieldError({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <div id={id} className="field__error">
      {messages.map((message, index) => (
        <p key={index}>{message}</p>
      ))}
    </div>
  );
}

/** The aria attributes of a field with these problems (and an optional hint). */
export function invalidProps(errorId: string, messages: readonly string[] | undefined, hintId?: string) {
  const invalid = !!messages && messages.length > 0;
  const describedBy = [hintId, invalid ? errorId : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy || undefined };
}
