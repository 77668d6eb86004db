// The exit codes of user-csv-sync: what a scheduler can act on (SPEC §11, README "Command-line client").

export const EXIT = {
  /** The sync completed (or was accepted, without --wait), or the command did what it was asked. */
  OK: 0,
  /** The command line or a local file is wrong; nothing was sent. */
  USAGE: 1,
  /** The sync completed, but some rows failed. */
  COMPLETED_WITH_ERRORS: 2,
  /** The sync waits for a person: a preview to apply, or a mass delete to confirm. */
  NEEDS_CONFIRMATION: 3,
  /** The sync itself failed, or it was cancelled. */
  FAILED: 4,
  /** The service refused the request (4xx); its message is printed. */
  REFUSED: 5,
  /** The service could not be reached, kept failing (5xx) after the retries, or the timeout passed. */
  UNREACHABLE: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A sync's status as the exit code of the command that printed it. */
export function exitCodeForStatus(status: string): ExitCode {
  switch (status) {
    case 'completed':
    case 'queued': // accepted and not final yet: nothing went wrong so far
    case 'processing':
      return EXIT.OK;
    case 'completed_with_errors':
      return EXIT.COMPLETED_WITH_ERRORS;
    case 'previewed':
    case 'awaiting_confirmation':
      return EXIT.NEEDS_CONFIRMATION;
    case 'failed':
    case 'cancelled':
      return EXIT.FAILED;
    default:
      // A status this client does not know (a newer service): never report success for it.
      return EXIT.FAILED;
  }
}

/** The statuses at which a sync stops on its own: final, or waiting for a person. */
export const SETTLED_STATUSES: readonly string[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
  'previewed',
  'awaiting_confirmation',
];
