// Tenants, the activation flag and the versioned CSV sync configuration (SPEC §4).
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SyncConfig } from '../../libs/values';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, encodeCursor, Page, PageQueryDto, toPage } from '../common/pagination';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { SyncConfigResponseDto } from './dto/sync-config.dto';
import { TenantDto } from './dto/tenant.dto';
import { SyncConfigVersion } from './sync-config-version.entity';
import { Tenant } from './tenant.entity';

export interface ConfigChange {
  config: SyncConfig;
  /** When given, the change applies only if this is still the current version. */
  basedOnVersion?: number;
}

export interface VersionedConfig {
  version: number;
  config: SyncConfig;
}

const CURSOR = 'tenants';

export function tenantNotFound(tenantId: string): AppError {
  return new AppError('TENANT_NOT_FOUND', `Tenant "${tenantId}" was not found`, { tenantId });
}

@Injectable()
export class TenantsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateTenantDto, actor: Actor): Promise<TenantDto> {
    try {
      const tenant = await this.em.transactional(async (em) => {
        if (await em.findOne(Tenant, dto.id)) throw tenantExists(dto.id);
        const created = em.create(Tenant, { id: dto.id, name: dto.name.trim() });
        await em.flush();
        await this.audit.record({
          tenantId: created.id,
          actor,
          action: 'tenant.created',
          details: { name: created.name },
        });
        return created;
      });
      return TenantDto.from(tenant);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw tenantExists(dto.id);
      throw error;
    }
  }

  /** Staff see every tenant; an admin sees its own. */
  async list(actor: Actor, page: PageQueryDto): Promise<Page<TenantDto>> {
    const where: Record<string, unknown> = actor.role === 'admin' ? { id: actor.tenantId } : {};
    if (page.cursor) {
      const [after] = decodeCursor(`${CURSOR}:${actor.tenantId ?? '*'}`, page.cursor, ['text']);
      where.id = actor.role === 'admin' ? { $eq: actor.tenantId, $gt: after } : { $gt: after };
    }
    const rows = await this.em.find(Tenant, where, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit, TenantDto.from, (t) =>
      encodeCursor(`${CURSOR}:${actor.tenantId ?? '*'}`, [t.id]),
    );
  }

  async find(tenantId: string): Promise<Tenant | null> {
    return this.em.findOne(Tenant, tenantId, { disableIdentityMap: true });
  }

  async get(tenantId: string): Promise<TenantDto> {
    const tenant = await this.find(tenantId);
    if (!tenant) throw tenantNotFound(tenantId);
    return TenantDto.from(tenant);
  }

  async setActivation(tenantId: string, enabled: boolean, actor: Actor): Promise<TenantDto> {
    const tenant = await this.em.transactional(async (em) => {
      const locked = await em.findOne(Tenant, tenantId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!locked) throw tenantNotFound(tenantId);
      const previous = locked.csvSyncEnabled;
      locked.csvSyncEnabled = enabled;
      await em.flush();
      await this.audit.record({
        tenantId,
        actor,
        action: enabled ? 'csv_sync.activated' : 'csv_sync.deactivated',
        details: { enabled, previous },
      });
      return locked;
    });
    return TenantDto.from(tenant);
  }

  /** Every change is a new version; the old ones stay, since each sync names the version it was validated against. */
  async changeConfig(tenantId: string, change: ConfigChange, actor: Actor): Promise<SyncConfigResponseDto> {
    const saved = await this.em.transactional(async (em) => {
      const tenant = await em.findOne(Tenant, tenantId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!tenant) throw tenantNotFound(tenantId);
      const current = tenant.configVersion ?? 0;
      if (change.basedOnVersion !== undefined && change.basedOnVersion !== current) {
        throw new AppError(
          'SYNC_STATE_CONFLICT',
          `The configuration changed meanwhile: it is at version ${current}, the change was based on version ${change.basedOnVersion}`,
          { currentVersion: current, basedOnVersion: change.basedOnVersion },
        );
      }
      const version = em.create(SyncConfigVersion, {
        tenantId,
        version: current + 1,
        config: change.config,
        createdBy: actor.name,
      });
      tenant.configVersion = version.version;
      await em.flush();
      await this.audit.record({
        tenantId,
        actor,
        action: 'csv_sync.configured',
        details: { version: version.version, previousVersion: current || null, config: change.config },
      });
      return version;
    });
    return toConfigResponse(saved);
  }

  async getConfig(tenantId: string): Promise<SyncConfigResponseDto> {
    const tenant = await this.find(tenantId);
    if (!tenant) throw tenantNotFound(tenantId);
    if (tenant.configVersion === null) throw notConfigured(tenantId);
    const version = await this.em.findOneOrFail(SyncConfigVersion, {
      tenantId,
      version: tenant.configVersion,
    });
    return toConfigResponse(version);
  }

  /** The configuration a new sync is validated against. */
  async currentConfig(tenantId: string): Promise<VersionedConfig> {
    const tenant = await this.find(tenantId);
    if (!tenant) throw tenantNotFound(tenantId);
    if (tenant.configVersion === null) throw notConfigured(tenantId);
    return {
      version: tenant.configVersion,
      config: await this.configVersion(tenantId, tenant.configVersion),
    };
  }

  /** A past version, e.g. the one a sync was accepted with. */
  async configVersion(tenantId: string, version: number): Promise<SyncConfig> {
    const found = await this.em.findOne(
      SyncConfigVersion,
      { tenantId, version },
      { disableIdentityMap: true },
    );
    if (!found) throw new Error(`configuration version ${version} of tenant ${tenantId} is missing`);
    return found.config;
  }
}

function tenantExists(tenantId: string): AppError {
  return new AppError('TENANT_EXISTS', `A tenant with the id "${tenantId}" already exists`, { tenantId });
}

function notConfigured(tenantId: string): AppError {
  return new AppError(
    'CSV_SYNC_NOT_CONFIGURED',
    'CSV sync has no configuration yet for this tenant; ITONICS staff configure it',
    { tenantId },
  );
}

function toConfigResponse(version: SyncConfigVersion): SyncConfigResponseDto {
  return {
    version: version.version,
    ...version.config,
    updatedAt: version.createdAt,
    updatedBy: version.createdBy,
  };
}
