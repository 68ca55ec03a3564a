// The audit trail as people read it: who by name, which record by name, each field by its label
// and each value as the forms show it. Pure: the names come from recordNames().
import { type Translate, isMessageKey } from '../i18n/index.js';
import { type ReferenceKind, codePrefix, entityReference, fieldLabelKeys, referenceOf } from './labels.js';
import type { AuditEvent, RecordNames } from './audit-event.js';

const REFERENCE_KINDS: ReferenceKind[] = ['partner', 'user', 'agreement', 'territory', 'assistanceType'];

const idsIn = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value]).filter((id): id is number => typeof id === 'number');

/** Every id the events refer to, by kind: actors, the records themselves, and ids among changes and details. */
export function referencedIds(events: AuditEvent[]): Record<ReferenceKind, number[]> {
  const ids = Object.fromEntries(REFERENCE_KINDS.map((kind) => [kind, new Set<number>()])) as Record<
    ReferenceKind,
    Set<number>
  >;
  for (const event of events) {
    if (event.actorUserId !== null) ids.user.add(event.actorUserId);
    const kind = entityReference(event.entity);
    if (kind && event.entityId !== null) ids[kind].add(event.entityId);
    for (const [field, change] of Object.entries(event.changes)) {
      const reference = referenceOf(event.entity, field);
      if (reference) for (const id of [...idsIn(change.before), ...idsIn(change.after)]) ids[reference].add(id);
    }
    for (const [field, value] of Object.entries(event.details)) {
      const reference = referenceOf(event.entity, field);
      if (reference) for (const id of idsIn(value)) ids[reference].add(id);
    }
  }
  return Object.fromEntries(REFERENCE_KINDS.map((kind) => [kind, [...ids[kind]]])) as Record<ReferenceKind, number[]>;
}

export interface AuditDescriber {
  /** The person who acted, by name; the email recorded at the time when the account is gone. */
  actor(event: AuditEvent): string;
  /** The record's name ("Fundación …", "Ana Loor", "AC-12"), or null when it has none to show. */
  record(event: AuditEvent): string | null;
  field(field: string): string;
  value(event: AuditEvent, field: string, value: unknown): string;
}

export function auditDescriber(
  names: RecordNames,
  t: Translate,
  localName: (item: { nameEs: string; nameEn: string }) => string,
): AuditDescriber {
  const nameOf = (kind: ReferenceKind, id: number): string | undefined => {
    const found = names[kind].get(id);
    return found === undefined ? undefined : typeof found === 'string' ? found : localName(found);
  };
  return {
    actor(event) {
      if (event.actorUserId === null) return event.actorLabel === 'system' ? t('audit.system') : event.actorLabel;
      return nameOf('user', event.actorUserId) ?? event.actorLabel;
    },
    record(event) {
      const kind = entityReference(event.entity);
      return kind && event.entityId !== null ? (nameOf(kind, event.entityId) ?? null) : null;
    },
    field(field) {
      const key = fieldLabelKeys(field).find(isMessageKey);
      return key ? t(key) : field;
    },
    value(event, field, value) {
      if (value === null || value === undefined || value === '') return '—';
      const reference = referenceOf(event.entity, field);
      if (reference)
        return idsIn(value)
          .map((id) => nameOf(reference, id) ?? `#${id}`)
          .join(', ');
      if (typeof value === 'boolean') return t(value ? 'export.yes' : 'export.no');
      const prefix = codePrefix(event.entity, field);
      const key = prefix && typeof value === 'string' ? `${prefix}${value}` : '';
      if (isMessageKey(key)) return t(key);
      return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
    },
  };
}
