// The audit trail: written in the same transaction as the change it records; never updated or deleted.
import type { AuditEventRow } from '../database/schema.js';
import type { Executor, Trx } from '../database/executor.js';
import type { Actor } from './actor.js';
import type { AuditAction, AuditEntity, AuditEntry, AuditEvent, AuditQuery, RecordNames } from './audit-event.js';
import type { FieldChanges } from './changes.js';

/** Runs in the caller's transaction, so the entry stands or falls with the change it records. */
export async function recordAudit(trx: Trx, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('auditEvents')
    .values({
      occurredAt: new Date().toISOString(),
      actorUserId: actor.userId,
      actorTokenId: actor.tokenId,
      actorLabel: actor.label,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      changes: entry.changes && Object.keys(entry.changes).length > 0 ? JSON.stringify(entry.changes) : null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

function filtered(db: Executor, query: AuditQuery) {
  let q = db.selectFrom('auditEvents');
  if (query.userId !== undefined) q = q.where('actorUserId', '=', query.userId);
  if (query.entity !== undefined) q = q.where('entity', '=', query.entity);
  if (query.entityId !== undefined) q = q.where('entityId', '=', query.entityId);
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  if (query.from !== undefined) q = q.where('occurredAt', '>=', query.from);
  if (query.to !== undefined) q = q.where('occurredAt', '<', query.to);
  return q;
}

function toEvent(row: AuditEventRow): AuditEvent {
  return {
    ...row,
    action: row.action as AuditAction,
    entity: row.entity as AuditEntity,
    changes: row.changes ? (JSON.parse(row.changes) as FieldChanges) : {},
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {},
  };
}

export async function listAuditEvents(
  db: Executor,
  query: AuditQuery,
  page: { limit: number; offset: number },
): Promise<{ data: AuditEvent[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, query).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, query)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(toEvent), total: Number(count.n) };
}

/** Every matching event, newest first, a batch at a time (for exports). */
export async function* allAuditEvents(db: Executor, query: AuditQuery, batchSize = 1000): AsyncGenerator<AuditEvent> {
  // No bound on the first batch: a sentinel such as MAX_SAFE_INTEGER overflows PostgreSQL's integer.
  let before: number | null = null;
  for (;;) {
    let batch = filtered(db, query).selectAll();
    if (before !== null) batch = batch.where('id', '<', before);
    const rows = await batch.orderBy('id', 'desc').limit(batchSize).execute();
    for (const row of rows) yield toEvent(row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < batchSize) return;
    before = last.id;
  }
}

/** The names of the people and records a page of the trail refers to, read only for those ids. */
export async function recordNames(db: Executor, ids: Record<keyof RecordNames, number[]>): Promise<RecordNames> {
  const some = <T>(list: number[], read: (list: number[]) => Promise<T[]>) =>
    list.length === 0 ? Promise.resolve<T[]>([]) : read(list);
  const [partners, users, agreements, territories, assistanceTypes] = await Promise.all([
    some(ids.partner, (list) => db.selectFrom('partners').select(['id', 'name']).where('id', 'in', list).execute()),
    some(ids.user, (list) => db.selectFrom('users').select(['id', 'name']).where('id', 'in', list).execute()),
    some(ids.agreement, (list) => db.selectFrom('agreements').select(['id', 'code']).where('id', 'in', list).execute()),
    some(ids.territory, (list) =>
      db.selectFrom('territories').select(['id', 'nameEs', 'nameEn']).where('id', 'in', list).execute(),
    ),
    some(ids.assistanceType, (list) =>
      db.selectFrom('assistanceTypes').select(['id', 'nameEs', 'nameEn']).where('id', 'in', list).execute(),
    ),
  ]);
  return {
    partner: new Map(partners.map((p) => [p.id, p.name])),
    user: new Map(users.map((u) => [u.id, u.name])),
    agreement: new Map(agreements.map((a) => [a.id, a.code])),
    territory: new Map(territories.map((x) => [x.id, x])),
    assistanceType: new Map(assistanceTypes.map((x) => [x.id, x])),
  };
}
