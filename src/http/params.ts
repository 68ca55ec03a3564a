import type { Request } from 'express';
import { NotFoundError } from '../shared/errors.js';

/** A positive integer id from the route; anything else cannot name a record, so it is a 404. */
export function idParam(req: Request, entity: string, name = 'id'): number {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) throw new NotFoundError(entity);
  return Number(raw);
}
