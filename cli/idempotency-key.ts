// The Idempotency-Key of an upload: the same file with the same options gives the same key, so that a retried
// or re-run scheduled job gets the sync of its first attempt instead of uploading the file twice (SPEC §6);
// and of a revert: the same sync reverted with the same options gives the same key (SPEC §10).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface UploadIdentity {
  tenantId: string;
  action: string;
  dryRun: boolean;
  /** SHA-256 of the file's bytes, hex. */
  contentSha256: string;
}

/** Bumped when what goes into the key changes, so that old and new keys never collide. */
const KEY_VERSION = 'ucs-cli-1';

/**
 * `ucs-cli-1-<sha256 hex>` over the tenant, the action, the dry-run flag and the file's hash: 74 printable
 * ASCII characters, within the service's limit of 200. The file name is left out: the same bytes uploaded
 * under another name are the same upload.
 */
export function deriveIdempotencyKey(identity: UploadIdentity): string {
  const material = JSON.stringify([
    KEY_VERSION,
    identity.tenantId,
    identity.action,
    identity.dryRun,
    identity.contentSha256.toLowerCase(),
  ]);
  return `${KEY_VERSION}-${createHash('sha256').update(material).digest('hex')}`;
}

export interface RevertIdentity {
  tenantId: string;
  /** The sync to revert. */
  syncId: string;
  dryRun: boolean;
}

/**
 * `ucs-cli-1-<sha256 hex>` over the tenant, "revert", the sync to revert and the dry-run flag: a revert that is
 * retried after its answer got lost, or run again, gets the revert of its first attempt back (the service
 * would otherwise refuse the second one: the sync is reverted already). The material differs from every
 * upload's (the fourth field is a sync id, never a boolean), so a revert's key never equals an upload's.
 */
export function deriveRevertIdempotencyKey(identity: RevertIdentity): string {
  const material = JSON.stringify([
    KEY_VERSION,
    identity.tenantId,
    'revert',
    identity.syncId.toLowerCase(),
    identity.dryRun,
  ]);
  return `${KEY_VERSION}-${createHash('sha256').update(material).digest('hex')}`;
}

/** The SHA-256 of a file, read as a stream (a file of hundreds of megabytes never sits in memory). */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** What the service accepts as a key: 1 to 200 printable ASCII characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(key);
}
