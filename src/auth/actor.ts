// Who is calling: operator staff, or an admin of exactly one tenant (SPEC §3).
export type Role = 'staff' | 'admin';

export interface Actor {
  role: Role;
  /** What the logs show as the actor: the token's name, or "staff" for the operator token. */
  name: string;
  tenantId: string | null;
  tokenId: string | null;
}

export const STAFF_ACTOR_NAME = 'staff';
