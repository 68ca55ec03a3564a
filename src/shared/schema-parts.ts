// zod pieces that several features' schemas share, so one rule reads the same everywhere.
import { z } from 'zod';

/** A non-empty list of record ids (territories, assistance types), duplicates dropped; at most 100. */
export const idList = (requiredMessage: string) =>
  z
    .array(z.number({ error: 'validation.unknownId' }).int('validation.unknownId').positive('validation.unknownId'), {
      error: requiredMessage,
    })
    .min(1, requiredMessage)
    .max(100, 'validation.tooMany')
    .transform((ids) => [...new Set(ids)]);

/** `page` (from 1) and `pageSize` (1–200, 50 unless asked) of a paginated list's address. */
export const pageFields = {
  page: z.coerce.number({ error: 'validation.number' }).int().min(1, 'validation.tooSmall').default(1),
  pageSize: z.coerce
    .number({ error: 'validation.number' })
    .int()
    .min(1, 'validation.tooSmall')
    .max(200, 'validation.tooBig')
    .default(50),
};
