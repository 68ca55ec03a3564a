// The audit trail for administrators: filterable, paginated, exportable as CSV. Read-only by design.
import { type ExportColumn, requestedExport, sendExport } from '../exports/table-export.js';
import { type RouteSpec, get } from '../http/routing.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import { filtersFromAddress } from '../shared/forms.js';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, type AuditEvent, type AuditQuery } from './audit-event.js';
import { auditDescriber } from './describe.js';
import { type AuditFilters, auditQuerySchema } from './schemas.js';
import * as service from './service.js';

const PAGE_SIZE = 50;

const auditColumns: ExportColumn<AuditEvent>[] = [
  { title: 'audit.column.occurredAt', value: (e) => e.occurredAt, meaning: 'dateTime' },
  { title: 'audit.column.actor', value: (e) => e.actorLabel },
  { title: 'audit.column.token', value: (e) => e.actorTokenId },
  { title: 'audit.column.action', value: (e) => e.action, meaning: { label: 'audit.action.' } },
  { title: 'audit.column.entity', value: (e) => e.entity, meaning: { label: 'audit.entity.' } },
  { title: 'audit.column.entityId', value: (e) => e.entityId },
  { title: 'audit.column.changes', value: (e) => JSON.stringify(e.changes) },
  { title: 'audit.column.details', value: (e) => JSON.stringify(e.details) },
];

function toQuery(filters: AuditFilters): AuditQuery {
  return {
    userId: filters.userId,
    entity: filters.entity,
    entityId: filters.entityId,
    action: filters.action,
    from: filters.from ? startOfEcuadorDay(filters.from) : undefined,
    to: filters.to ? startOfNextEcuadorDay(filters.to) : undefined,
  };
}

function urlFor(filters: AuditFilters, changes: Partial<AuditFilters>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries<string | number | undefined>({ ...filters, ...changes })) {
    if (value === undefined || (key === 'page' && value === 1)) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/admin/audit?${search}` : '/admin/audit';
}

export function auditRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/admin/audit', 'audit.read', async (req, res) => {
      const { query: filters } = filtersFromAddress(auditQuerySchema, req.query);
      const query = toQuery(filters);

      const wanted = requestedExport(req);
      if (wanted)
        return sendExport(res, wanted, {
          name: 'audit',
          columns: auditColumns,
          rows: service.allAuditEvents(db, query),
        });

      const { events, total, users, names } = await service.auditTrailPage(db, query, {
        limit: PAGE_SIZE,
        offset: (filters.page - 1) * PAGE_SIZE,
      });
      res.render('admin/audit', {
        events,
        describe: auditDescriber(names, res.locals.t, res.locals.localName),
        total,
        filters,
        users,
        entities: AUDIT_ENTITIES,
        actions: AUDIT_ACTIONS,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        urlFor: (changes: Partial<AuditFilters>) => urlFor(filters, changes),
      });
    }),
  ];
}
