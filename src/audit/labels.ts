// How the audit trail names what it recorded: the label of each field, the label of each coded
// value, and which values are ids of people, partners or reference records. Pure.
import type { AuditEntity } from './audit-event.js';

// Fields whose label is not `field.<name>` (reference data, targets) and details' keys.
const FIELD_LABELS: Record<string, string> = {
  nameEs: 'reference.nameEs',
  nameEn: 'reference.nameEn',
  province: 'reference.province',
  provinceCode: 'reference.provinceCode',
  isBorderCrossing: 'reference.border',
  parentId: 'reference.parent',
  smallShareMin: 'targets.field.smallShare',
  localFundingShareMin: 'targets.field.localFunding',
  smallAgilePerTerritoryMin: 'targets.field.perTerritory',
  partnerId: 'field.partner',
  userId: 'audit.user',
  agreementId: 'decisions.col.agreement',
  kind: 'decisions.col.kind',
  rationale: 'decisions.col.rationale',
  confirmedAgainstRecommendation: 'decisions.col.confirmed',
  expiresAt: 'tokens.expires',
  ip: 'audit.detail.ip',
  fileName: 'audit.detail.fileName',
  type: 'audit.detail.type',
  previousVersion: 'audit.detail.previousVersion',
};

/** The message keys that may label a field, best first; the page shows the first that exists, else the field's name. */
export function fieldLabelKeys(field: string): string[] {
  return [FIELD_LABELS[field], `field.${field}`].filter((key): key is string => key !== undefined);
}

// Coded values and the message prefix that labels them; `status` depends on the record.
const CODE_PREFIXES: Record<string, string> = {
  organizationType: 'organizationType.',
  localizationCategory: 'localization.',
  level: 'flagLevel.',
  category: 'flagCategory.',
  role: 'role.',
  kind: 'decisionKind.',
  type: 'imports.type.',
};
const STATUS_PREFIXES: Partial<Record<AuditEntity, string>> = {
  partner: 'status.',
  flag: 'flagStatus.',
  agreement: 'agreementStatus.',
};

/** The message prefix of a coded field's values, or null when its values are not codes. */
export function codePrefix(entity: AuditEntity, field: string): string | null {
  if (field === 'status') return STATUS_PREFIXES[entity] ?? null;
  return CODE_PREFIXES[field] ?? null;
}

export type ReferenceKind = 'partner' | 'user' | 'agreement' | 'territory' | 'assistanceType';

/** Which record a field's value (an id, or a list of ids) points at. */
export function referenceOf(entity: AuditEntity, field: string): ReferenceKind | null {
  if (field === 'partnerId') return 'partner';
  if (field === 'userId') return 'user';
  if (field === 'agreementId') return 'agreement';
  if (field === 'territoryId' || field === 'territoryIds') return 'territory';
  if (
    field === 'assistanceTypeId' ||
    field === 'assistanceTypeIds' ||
    (entity === 'assistance_type' && field === 'parentId')
  )
    return 'assistanceType';
  return null;
}

/** The kind of record an audit event is about, when it has a name to show. */
export function entityReference(entity: AuditEntity): ReferenceKind | null {
  if (entity === 'partner' || entity === 'user' || entity === 'agreement' || entity === 'territory') return entity;
  if (entity === 'assistance_type') return 'assistanceType';
  return null;
}
