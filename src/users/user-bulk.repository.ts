// The set-based writes of a sync batch on users; each call runs inside the caller's transaction.
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Attributes } from '../../libs/values';
import { copyLines, copyText } from '../database/copy';
import { ALL_JOIN_METHODS, NESTED_LOOP_ONLY } from '../database/planner';
import {
  APPLY_CHANGED_USERS,
  COPY_CHANGED_USERS,
  COPY_USERS,
  CREATE_CHANGED_USERS,
  DELETE_USERS,
  SELECT_USERS_BY_EMAIL,
} from './user-bulk.sql';

export interface StoredUser {
  id: string;
  email: string;
  attributes: Attributes;
}

@Injectable()
export class UserBulkRepository {
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

  async insert(
    tx: PoolClient,
    tenantId: string,
    users: { email: string; attributes: Attributes }[],
  ): Promise<void> {
    // COPY rather than INSERT ... unnest: no array literal to build in JavaScript and to parse again in PostgreSQL.
    const tenant = copyText(tenantId);
    let data = '';
    for (const user of users)
      data += `${uuidv7()}\t${tenant}\t${copyText(user.email)}\t${copyText(JSON.stringify(user.attributes))}\n`;
    await copyLines(tx, COPY_USERS, data);
  }

  async update(tx: PoolClient, users: { id: string; attributes: Attributes }[]): Promise<void> {
    if (users.length === 0) return;
    let data = '';
    for (const user of users) data += `${user.id}\t${copyText(JSON.stringify(user.attributes))}\n`;
    await tx.query(CREATE_CHANGED_USERS);
    await copyLines(tx, COPY_CHANGED_USERS, data);
    await tx.query(NESTED_LOOP_ONLY);
    await tx.query(APPLY_CHANGED_USERS);
    await tx.query(ALL_JOIN_METHODS);
  }

  async delete(tx: PoolClient, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(NESTED_LOOP_ONLY);
    await tx.query(DELETE_USERS, [ids]);
    await tx.query(ALL_JOIN_METHODS);
  }
}
