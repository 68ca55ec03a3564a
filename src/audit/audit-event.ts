// What the audit trail records: which actions on which records, and an entry as stored and as read. Pure.
import type { FieldChanges } from './changes.js';

export const AUDIT_ENTITIES = [
  'partner',
  'response_event',
  'review',
  'flag',
  'methodology',
  'agreement',
  'decision',
  'targets',
  'territory',
  'assistance_type',
  'user',
  'api_token',
  'demo',
  'import',
  'import_value_mapping',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'archive',
  'restore',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'role_change',
  'deactivate',
  'reactivate',
  'password_reset',
  'password_change',
  'token_create',
  'token_revoke',
  'load',
  'delete',
  'resolve',
  'reopen',
  'activate',
  'discard',
  'close',
  'commit',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  entity: AuditEntity;
  entityId: number | null;
  changes?: FieldChanges;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actorUserId: number | null;
  actorTokenId: number | null;
  actorLabel: string;
  action: AuditAction;
  entity: AuditEntity;
  entityId: number | null;
  changes: FieldChanges;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  userId?: number | undefined;
  entity?: AuditEntity | undefined;
  entityId?: number | undefined;
  action?: AuditAction | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface RecordNames {
  partner: Map<number, string>;
  user: Map<number, string>;
  agreement: Map<number, string>;
  territory: Map<number, { nameEs: string; nameEn: string }>;
  assistanceType: Map<number, { nameEs: string; nameEn: string }>;
}
