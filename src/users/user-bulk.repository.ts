// Every statement of a sync on app_user: the set-based reads and writes of its batches, each run inside the
// caller's transaction. A sync's staged rows (sync_row) are their input where the statement reads them itself.
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Attributes } from '../../libs/values';
import { CopyBuffer, copyLines, copyText } from '../database/copy';
import { HASH_JOIN_ONLY, NESTED_LOOP_ONLY, queryWithJoins } from '../database/planner';
import {
  APPLY_CHANGED_USERS,
  COPY_CHANGED_USERS,
  COPY_USERS,
  COUNT_STAGED_MATCHES,
  COUNT_USERS_UP_TO,
  CREATE_CHANGED_USERS,
  deleteByStagedLines,
  SELECT_USERS_BY_EMAIL,
} from './user-bulk.sql';
import { COUNT_REVERT_DELETES, revertByStagedLines } from './user-revert.sql';
import { UserIds } from './user-ids';

export interface StoredUser {
  id: string;
  email: string;
  attributes: Attributes;
}

/** A batch's additions and changes of users, ready to apply: COPY lines of new and of changed users. */
export interface UserWrites {
  inserts: Buffer;
  updates: Buffer;
}

/** What the mass-delete guard weighs: the tenant's users, and how many of them a sync would delete. */
export type DeleteGuardCounts = { users: number; matched: number };

/** A batch that adds and changes no user. */
export const NO_USER_WRITES: UserWrites = Object.freeze({
  inserts: Buffer.alloc(0),
  updates: Buffer.alloc(0),
});

@Injectable()
export class UserBulkRepository {
  private readonly ids = new UserIds();

  /** The id of a user about to be added (user-ids.ts). */
  newId(): string {
    return this.ids.newId();
  }

  /** On the pool or in a transaction: a sync batch looks its users up before it writes (see SyncRunner). */
  async findByEmails(
    db: Pool | PoolClient,
    tenantId: string,
    emails: string[],
  ): Promise<Map<string, StoredUser>> {
    if (emails.length === 0) return new Map();
    const { rows } = await db.query<StoredUser>(SELECT_USERS_BY_EMAIL, [tenantId, emails]);
    return new Map(rows.map((row) => [row.email, row]));
  }

  /**
   * The COPY data of a batch's writes, built apart from applying them: a sync builds the next batch's while
   * PostgreSQL applies the current one, so the batch's transaction only streams finished text. Attributes
   * come as JSON text and new users with their id (newId): the caller may need both elsewhere (an added user's
   * outcome record).
   */
  prepare(
    tenantId: string,
    adds: { id: string; email: string; attributes: string }[],
    updates: { id: string; attributes: string }[],
  ): UserWrites {
    // COPY rather than INSERT ... unnest: no array literal to build in JavaScript and to parse again in PostgreSQL.
    const tenant = copyText(tenantId);
    const inserts = new CopyBuffer();
    for (const user of adds)
      inserts.push(`${user.id}\t${tenant}\t${copyText(user.email)}\t${copyText(user.attributes)}\n`);
    const changes = new CopyBuffer();
    for (const user of updates) changes.push(`${user.id}\t${copyText(user.attributes)}\n`);
    return { inserts: inserts.take(), updates: changes.take() };
  }

  async apply(tx: PoolClient, writes: UserWrites): Promise<void> {
    await copyLines(tx, COPY_USERS, writes.inserts);
    if (writes.updates.length > 0) {
      await tx.query(CREATE_CHANGED_USERS);
      await copyLines(tx, COPY_CHANGED_USERS, writes.updates);
      await queryWithJoins(tx, NESTED_LOOP_ONLY, APPLY_CHANGED_USERS);
    }
  }

  /** The tenant's users, but no more than `limit` of them: reads at most `limit` entries of an index. */
  async countUsersUpTo(tx: PoolClient, tenantId: string, limit: number): Promise<number> {
    const { rows } = await tx.query<{ users: number }>(COUNT_USERS_UP_TO, [tenantId, limit]);
    return rows[0].users;
  }

  /** The tenant's users, and how many of them a delete's staged rows name (the mass-delete guard). */
  countStagedMatches(tx: PoolClient, syncId: string, tenantId: string): Promise<DeleteGuardCounts> {
    return this.countForDeleteGuard(tx, COUNT_STAGED_MATCHES, syncId, tenantId);
  }

  /** The tenant's users, and how many of them a revert would delete (the mass-delete guard). */
  countRevertDeletes(tx: PoolClient, syncId: string, tenantId: string): Promise<DeleteGuardCounts> {
    return this.countForDeleteGuard(tx, COUNT_REVERT_DELETES, syncId, tenantId);
  }

  /**
   * Undoes the staged lines (after, until] of a revert where their users are as the reverted sync left them
   * (nothing is written unless `apply`), and runs the caller's `then` step (see revertByStagedLines) over each
   * line with what it found and did, in the same statement; `thenParams` are its parameters from $6 on.
   * Answers that step's rows. Hash and merge joins are off: each user is one probe of an index.
   */
  async revertByStagedLines<R extends Record<string, unknown>>(
    tx: PoolClient,
    staged: { syncId: string; after: number; until: number; tenantId: string; apply: boolean },
    then: string,
    thenParams: unknown[],
  ): Promise<R[]> {
    const { rows } = await queryWithJoins<R>(tx, NESTED_LOOP_ONLY, revertByStagedLines(then), [
      staged.syncId,
      staged.after,
      staged.until,
      staged.tenantId,
      staged.apply,
      ...thenParams,
    ]);
    return rows;
  }

  /**
   * Deletes the tenant's users named by the staged lines (after, until] of a sync, less `skipLines`, and runs
   * the caller's `then` step (see deleteByStagedLines) over each line with its user's last attributes, in the
   * same statement; answers that step's rows.
   */
  async deleteByStagedLines<R extends Record<string, unknown>>(
    tx: PoolClient,
    staged: { syncId: string; after: number; until: number; tenantId: string; skipLines: number[] },
    then: string,
  ): Promise<R[]> {
    const { rows } = await tx.query<R>(deleteByStagedLines(then), [
      staged.syncId,
      staged.after,
      staged.until,
      staged.tenantId,
      staged.skipLines,
    ]);
    return rows;
  }

  /** Both guard counts read every user of the tenant and every staged row once: hash joins only (see the SQL). */
  private async countForDeleteGuard(
    tx: PoolClient,
    statement: string,
    syncId: string,
    tenantId: string,
  ): Promise<DeleteGuardCounts> {
    const { rows } = await queryWithJoins<DeleteGuardCounts>(tx, HASH_JOIN_ONLY, statement, [
      syncId,
      tenantId,
    ]);
    return rows[0];
  }
}
