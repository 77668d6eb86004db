// The set-based writes of a sync batch on users; each call runs inside the caller's transaction.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { Attributes } from '../../libs/values';
import { DELETE_USERS, INSERT_USERS, SELECT_USERS_BY_EMAIL, UPDATE_USERS } from './user-bulk.sql';

export interface StoredUser {
  id: string;
  email: string;
  attributes: Attributes;
}

@Injectable()
export class UserBulkRepository {
  async findByEmails(tx: PoolClient, tenantId: string, emails: string[]): Promise<Map<string, StoredUser>> {
    if (emails.length === 0) return new Map();
    const { rows } = await tx.query<StoredUser>(SELECT_USERS_BY_EMAIL, [tenantId, emails]);
    return new Map(rows.map((row) => [row.email, row]));
  }

  async insert(
    tx: PoolClient,
    tenantId: string,
    users: { email: string; attributes: Attributes }[],
  ): Promise<void> {
    if (users.length === 0) return;
    await tx.query(INSERT_USERS, [
      tenantId,
      users.map((u) => u.email),
      users.map((u) => JSON.stringify(u.attributes)),
    ]);
  }

  async update(tx: PoolClient, users: { id: string; attributes: Attributes }[]): Promise<void> {
    if (users.length === 0) return;
    await tx.query(UPDATE_USERS, [users.map((u) => u.id), users.map((u) => JSON.stringify(u.attributes))]);
  }

  async delete(tx: PoolClient, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(DELETE_USERS, [ids]);
  }
}
