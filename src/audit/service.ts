// Reading the audit trail. Writing it is recordAudit's job, inside each change's own transaction.
import type { Db } from '../database/connect.js';
import { listUsers } from '../users/service.js';
import type { AuditEntity, AuditQuery } from './audit-event.js';
import { referencedIds } from './describe.js';
import * as repo from './repository.js';

/** The database handle this module's functions take; routes pass it through. */
export type { Db };

/** A page of the trail, the names of the people and records it refers to, and the users to filter by. */
export async function auditTrailPage(db: Db, query: AuditQuery, page: { limit: number; offset: number }) {
  const [{ data, total }, users] = await Promise.all([repo.listAuditEvents(db, query, page), listUsers(db)]);
  const names = await repo.recordNames(db, referencedIds(data));
  return { events: data, total, users, names };
}

/** The newest entries about one record, and how many there are in all. */
export function recordHistory(db: Db, entity: AuditEntity, entityId: number, limit: number) {
  return repo.listAuditEvents(db, { entity, entityId }, { limit, offset: 0 });
}

export const allAuditEvents = repo.allAuditEvents;
