// Admin tokens: issued by staff per tenant, shown once, stored as a hash, revocable at once (SPEC §3, §4).
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, encodeCursor, Page, PageQueryDto, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Actor, STAFF_ACTOR_NAME } from './actor';
import { ApiToken } from './api-token.entity';
import { IssuedTokenDto, TokenDto } from './dto/token.dto';
import { hashToken, newToken, sameToken } from './token-hash';
import { isUuid } from '../common/uuid';

const CURSOR = 'tokens';

@Injectable()
export class TokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The actor a bearer token stands for, or null. Revoked tokens are refused on the next request. */
  async authenticate(token: string): Promise<Actor | null> {
    if (sameToken(token, this.config.staffToken)) {
      return { role: 'staff', name: STAFF_ACTOR_NAME, tenantId: null, tokenId: null };
    }
    const found = await this.em.findOne(
      ApiToken,
      { tokenHash: hashToken(token), revokedAt: null },
      { disableIdentityMap: true },
    );
    return found ? { role: 'admin', name: found.name, tenantId: found.tenantId, tokenId: found.id } : null;
  }

  async issue(tenantId: string, name: string, actor: Actor): Promise<IssuedTokenDto> {
    const token = newToken();
    const saved = await this.em.transactional(async (em) => {
      const created = em.create(ApiToken, {
        tenantId,
        name,
        tokenHash: hashToken(token),
        createdBy: actor.name,
      });
      await em.flush();
      await this.audit.record({
        tenantId,
        actor,
        action: 'token.issued',
        details: { tokenId: created.id, name },
      });
      return created;
    });
    return { ...TokenDto.from(saved), token };
  }

  async revoke(tenantId: string, tokenId: string, actor: Actor): Promise<void> {
    await this.em.transactional(async (em) => {
      const found = isUuid(tokenId) ? await em.findOne(ApiToken, { id: tokenId, tenantId }) : null;
      if (!found) {
        throw new AppError('TOKEN_NOT_FOUND', `Token "${tokenId}" was not found`, { tokenId });
      }
      if (found.revokedAt) return; // revoking twice changes nothing and records nothing
      found.revokedAt = new Date();
      await em.flush();
      await this.audit.record({
        tenantId,
        actor,
        action: 'token.revoked',
        details: { tokenId, name: found.name },
      });
    });
  }

  async list(tenantId: string, page: PageQueryDto): Promise<Page<TokenDto>> {
    const where: Record<string, unknown> = { tenantId };
    if (page.cursor) {
      const [createdAt, id] = decodeCursor(`${CURSOR}:${tenantId}`, page.cursor, ['time', 'uuid']);
      where.$or = [
        { createdAt: { $gt: new Date(createdAt) } },
        { createdAt: new Date(createdAt), id: { $gt: id } },
      ];
    }
    const rows = await this.em.find(ApiToken, where, {
      orderBy: { createdAt: 'asc', id: 'asc' },
      limit: page.limit + 1,
    });
    return toPage(rows, page.limit, TokenDto.from, (t) =>
      encodeCursor(`${CURSOR}:${tenantId}`, [t.createdAt.toISOString(), t.id]),
    );
  }
}
