// The audit page's filters, as they arrive in the address.
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from './audit-event.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(value)));

export const auditQuerySchema = z.object({
  userId: z.coerce.number().int().positive().optional(),
  entity: z.enum(AUDIT_ENTITIES).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).default(1),
});
export type AuditFilters = z.output<typeof auditQuerySchema>;
