// Cursor pagination shared by every list (SPEC §7): `{ items, nextCursor }`, keyset cursors that are opaque to clients.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from './app-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type CursorValue = string | number;

/** What each position of a keyset may hold; anything else is a forged or foreign cursor. */
const CURSOR_PARTS = {
  int: (v: unknown) => Number.isSafeInteger(v),
  bigint: (v: unknown) => typeof v === 'string' && /^\d{1,19}$/.test(v),
  uuid: (v: unknown) =>
    typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
  time: (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  text: (v: unknown) => typeof v === 'string' && v.length <= 1000,
};
export type CursorPart = keyof typeof CURSOR_PARTS;

let cursorKey = randomBytes(32);

/** The server key that seals cursors (CURSOR_SECRET); every API process of a deployment must use the same. */
export function setCursorSecret(secret: string): void {
  cursorKey = createHash('sha256').update(secret).digest();
}

/**
 * A cursor is its keyset sealed with AES-256-GCM under the server key: clients (and URLs, and access logs) see
 * no email, id or time in it, and cannot forge one. `list` names the list and its scope (e.g. `users:acme`) and
 * is authenticated with it, so that a cursor of one list or tenant is refused by every other.
 */
export function encodeCursor(list: string, key: readonly CursorValue[]): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cursorKey, iv);
  cipher.setAAD(Buffer.from(list, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(key), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function decodeCursor(list: string, cursor: string, shape: readonly CursorPart[]): CursorValue[] {
  const key = unseal(list, cursor);
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    !key.every((value, i) => CURSOR_PARTS[shape[i]](value))
  ) {
    throw new AppError('INVALID_CURSOR', 'The cursor is not valid for this list; start again without one', {
      parameter: 'cursor',
    });
  }
  return key as CursorValue[];
}

function unseal(list: string, cursor: string): unknown {
  try {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 29) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', cursorKey, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(list, 'utf8'));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const json = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(json) as unknown;
  } catch {
    return undefined; // forged, tampered with, or sealed for another list or tenant
  }
}

/** Rows were fetched with `limit + 1`: the extra row only says that there is a next page. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  keyOf: (row: R) => string,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? keyOf(pageRows[pageRows.length - 1]) : null,
  };
}

/** The OpenAPI shape of a page of `item`s; one class per item type, named after it. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageDto;
}
