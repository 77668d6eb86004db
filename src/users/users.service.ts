// Reading a tenant's users (SPEC §7); the bulk writes of a sync are in UserBulkRepository.
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { normalizeEmail } from '../../libs/values';
import { decodeCursor, encodeCursor, Page, toPage } from '../common/pagination';
import { PG_POOL } from '../database/pg-pool';
import { UserDto } from './dto/user.dto';
import { UserQueryDto } from './dto/user-query.dto';

const CURSOR = 'users';

/** Whether one of a user's attribute values (a list's items one by one; never a key, never JSON punctuation)
 *  matches the LIKE pattern of parameter $n, case-insensitively. */
const ANY_VALUE_LIKE = (n: number) => `EXISTS (
  SELECT 1 FROM jsonb_path_query(attributes, 'strict $.**') AS v
   WHERE jsonb_typeof(v) NOT IN ('object', 'array') AND lower(v #>> '{}') LIKE $${n})`;

interface UserRow {
  id: string;
  email: string;
  attributes: UserDto['attributes'];
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class UsersService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** In email order; keyset on the unique (tenant_id, email) index. */
  async list(tenantId: string, query: UserQueryDto): Promise<Page<UserDto>> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (query.email !== undefined) {
      params.push(normalizeEmail(query.email));
      where.push(`email = $${params.length}`);
    }
    if (query.q) {
      params.push(`%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(email LIKE $${params.length} OR ${ANY_VALUE_LIKE(params.length)})`);
    }
    if (query.cursor) {
      const [after] = decodeCursor(`${CURSOR}:${tenantId}`, query.cursor, ['text']);
      params.push(after);
      where.push(`email > $${params.length}`);
    }
    params.push(query.limit + 1);
    const { rows } = await this.pool.query<UserRow>(
      `SELECT id, email, attributes, created_at, updated_at FROM app_user
        WHERE ${where.join(' AND ')} ORDER BY email LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, query.limit, toDto, (row) => encodeCursor(`${CURSOR}:${tenantId}`, [row.email]));
  }
}

function toDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    attributes: row.attributes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
