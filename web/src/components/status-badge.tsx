// A sync's status as a coloured word (the word carries the meaning; the colour only helps).
import { label, STATUS_LABELS } from '@/lib/format';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{label(STATUS_LABELS, status)}</span>;
}
