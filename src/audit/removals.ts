// Removals keep the whole record in their audit entry, so an undo can put back exactly what was removed.
import type { Executor } from '../database/executor.js';
import type { AuditEntity } from './audit-event.js';
import { listAuditEvents } from './repository.js';

/**
 * The details of the newest `delete` entry about a record that `matches` (by default the newest of
 * all), carrying the removed record under `record`; null when it was never removed.
 */
export async function lastRemoval(
  db: Executor,
  entity: AuditEntity,
  entityId: number | null,
  matches: (details: Record<string, unknown>) => boolean = () => true,
): Promise<{ record: Record<string, unknown>; details: Record<string, unknown> } | null> {
  const { data } = await listAuditEvents(
    db,
    { entity, entityId: entityId ?? undefined, action: 'delete' },
    { limit: 20, offset: 0 },
  );
  const details = data.find((e) => matches(e.details))?.details;
  const record = details?.record;
  return details && record && typeof record === 'object'
    ? { record: record as Record<string, unknown>, details }
    : null;
}
