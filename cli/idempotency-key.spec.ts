import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deriveIdempotencyKey,
  deriveRevertIdempotencyKey,
  isValidIdempotencyKey,
  RevertIdentity,
  sha256OfFile,
  UploadIdentity,
} from './idempotency-key';

const identity: UploadIdentity = {
  tenantId: 'acme',
  action: 'upsert',
  dryRun: false,
  contentSha256: 'a'.repeat(64),
};

describe('the Idempotency-Key of an upload', () => {
  it('is the same for the same file and options, and one the service accepts', () => {
    const key = deriveIdempotencyKey(identity);
    expect(deriveIdempotencyKey({ ...identity })).toBe(key);
    expect(key).toMatch(/^ucs-cli-1-[0-9a-f]{64}$/);
    expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it.each([
    ['another file', { contentSha256: 'b'.repeat(64) }],
    ['another action', { action: 'delete' }],
    ['a dry run', { dryRun: true }],
    ['another tenant', { tenantId: 'acme-eu' }],
  ])('differs for %s', (_what, change) => {
    expect(deriveIdempotencyKey({ ...identity, ...change })).not.toBe(deriveIdempotencyKey(identity));
  });

  it('does not depend on the case of the hash', () => {
    expect(deriveIdempotencyKey({ ...identity, contentSha256: 'AB'.repeat(32) })).toBe(
      deriveIdempotencyKey({ ...identity, contentSha256: 'ab'.repeat(32) }),
    );
  });

  it('cannot be made equal by moving text between the fields', () => {
    expect(deriveIdempotencyKey({ ...identity, tenantId: 'a', action: 'bupsert' })).not.toBe(
      deriveIdempotencyKey({ ...identity, tenantId: 'ab', action: 'upsert' }),
    );
  });

  it('hashes a file as a stream, chunk by chunk, to the SHA-256 of its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ucs-key-'));
    try {
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
      bytes.write('Email\r\nä@example.com\r\n', 'utf8');
      const path = join(dir, 'users.csv');
      writeFileSync(path, bytes);
      expect(await sha256OfFile(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['', false],
    ['with space', false],
    ['ä', false],
    ['x'.repeat(201), false],
    ['hr-2026-12-02', true],
  ])('accepts %j as a key given by hand: %s', (key, valid) => {
    expect(isValidIdempotencyKey(key)).toBe(valid);
  });
});

const revert: RevertIdentity = {
  tenantId: 'acme',
  syncId: '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b',
  dryRun: false,
};

describe('the Idempotency-Key of a revert', () => {
  it('is the same for the same sync and options, and one the service accepts', () => {
    const key = deriveRevertIdempotencyKey(revert);
    expect(deriveRevertIdempotencyKey({ ...revert })).toBe(key);
    expect(deriveRevertIdempotencyKey({ ...revert, syncId: revert.syncId.toUpperCase() })).toBe(key);
    expect(key).toMatch(/^ucs-cli-1-[0-9a-f]{64}$/);
    expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it.each([
    ['another sync', { syncId: '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c' }],
    ['a dry run', { dryRun: true }],
    ['another tenant', { tenantId: 'acme-eu' }],
  ])('differs for %s', (_what, change) => {
    expect(deriveRevertIdempotencyKey({ ...revert, ...change })).not.toBe(deriveRevertIdempotencyKey(revert));
  });

  it('never equals the key of an upload', () => {
    const uploadOf = (dryRun: boolean) =>
      deriveIdempotencyKey({ tenantId: 'acme', action: 'revert', dryRun, contentSha256: revert.syncId });
    for (const dryRun of [false, true]) {
      expect(deriveRevertIdempotencyKey({ ...revert, dryRun })).not.toBe(uploadOf(dryRun));
    }
  });
});
