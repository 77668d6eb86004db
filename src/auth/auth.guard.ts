// The global guard: a bearer token on every route but health and docs (401), an admin only on its own tenant
// (404, as if the tenant did not exist), staff-only routes (403), and an existing tenant in the path (404).
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ThrottleService } from '../throttle/throttle.service';
import { tenantNotFound, TenantsService } from '../tenants/tenants.service';
import { AuthenticatedRequest, PUBLIC_ROUTE, STAFF_ONLY } from './auth.decorators';
import { TokensService } from './tokens.service';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly tenants: TenantsService,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new AppError('UNAUTHORIZED', 'Send a token in the header "Authorization: Bearer <token>"');
    }
    const actor = await this.authenticate(match[1], request.ip);
    request.actor = actor;

    const tenantId = (request.params as { tenantId?: string } | undefined)?.tenantId;
    if (tenantId !== undefined) {
      if (actor.role === 'admin' && actor.tenantId !== tenantId) throw tenantNotFound(tenantId);
      if (actor.role === 'staff' && !(await this.tenants.find(tenantId))) throw tenantNotFound(tenantId);
    }
    if (this.reflector.getAllAndOverride<boolean>(STAFF_ONLY, targets) && actor.role !== 'staff') {
      throw new AppError('FORBIDDEN', 'Only ITONICS staff may do this');
    }
    return true;
  }

  /** Wrong tokens are counted per client address; past the limit every token is refused until the window ends,
   *  so that guessing gets neither an answer nor database work. */
  private async authenticate(token: string, client: string) {
    const limit = this.config.rateLimits.authFailuresPerClient;
    const key = `auth-failures:${client}`;
    if (limit > 0) {
      const seen = await this.throttle.peek(key);
      if (seen && seen.count >= limit) {
        throw ThrottleService.refusal(
          'RATE_LIMITED',
          'Too many failed sign-ins from this address',
          seen.resetInMs,
        );
      }
    }
    const actor = await this.tokens.authenticate(token);
    if (actor) return actor;
    if (limit > 0) await this.throttle.hit(key);
    throw new AppError('UNAUTHORIZED', 'The token is not valid or has been revoked');
  }
}
