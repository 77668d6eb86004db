// Route metadata read by AuthGuard, and the parameter decorator that hands a handler its actor.
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor';

export const PUBLIC_ROUTE = 'auth:public';
export const STAFF_ONLY = 'auth:staff-only';

/** No token needed (health, API docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Operator staff only; an admin gets 403 on its own tenant and 404 on any other. */
export const StaffOnly = () => SetMetadata(STAFF_ONLY, true);

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
