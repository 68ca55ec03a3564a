// The audit trail for administrators: filterable, paginated, exportable as CSV. Read-only by design.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { Db } from '../database/connect.js';
import { type RouteSpec, get } from '../http/routing.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import { filtersFromAddress } from '../shared/forms.js';
import { listUsers } from '../users/repository.js';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, type AuditQuery, allAuditEvents, listAuditEvents } from './repository.js';

const PAGE_SIZE = 50;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(value)));

const auditQuerySchema = z.object({
  userId: z.coerce.number().int().positive().optional(),
  entity: z.enum(AUDIT_ENTITIES).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).default(1),
  format: z.enum(['html', 'csv']).default('html'),
});
type AuditFilters = z.output<typeof auditQuerySchema>;


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
  for (const [key, value] of Object.entries({ ...filters, ...changes })) {
    if (value === undefined || (key === 'page' && value === 1) || (key === 'format' && value === 'html')) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/admin/audit?${search}` : '/admin/audit';
}

export function auditRoutes(db: Db): RouteSpec[] {
  return [
    get('/admin/audit', 'audit.read', async (req, res) => {
      const { query: filters } = filtersFromAddress(auditQuerySchema, req.query);
      const query = toQuery(filters);
      const t = res.locals.t;

      if (filters.format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
        const rows = Readable.from(
          (async function* () {
            for await (const event of allAuditEvents(db, query)) {
              yield [event.occurredAt, event.actorLabel, event.actorTokenId ?? '', event.action, event.entity, event.entityId ?? '', JSON.stringify(event.changes), JSON.stringify(event.details)];
            }
          })(),
        );
        const header = ['audit.column.occurredAt', 'audit.column.actor', 'audit.column.token', 'audit.column.action', 'audit.column.entity', 'audit.column.entityId', 'audit.column.changes', 'audit.column.details'].map((key) => t(key));
        // A byte-order mark so that Excel reads the accents as UTF-8.
        res.write('\uFEFF');
        await pipeline(rows, stringify({ header: true, columns: header, escape_formulas: true }), res);
        return;
      }

      const [{ data, total }, users] = await Promise.all([
        listAuditEvents(db, query, { limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE }),
        listUsers(db),
      ]);
      res.render('admin/audit', {
        events: data,
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
