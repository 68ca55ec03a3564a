// What the pages of a partner's events, reviews and flags share: finding the partner, saving through
// the service, returning to the partner's page, and the removal's confirmation and undo.
import type { Request, Response } from 'express';
import { idParam } from '../http/params.js';
import { actorOf } from '../http/routing.js';
import { type FieldIssue, ValidationError } from '../shared/errors.js';
import { parseLocaleNumber } from '../shared/numbers.js';
import { type EvidenceKind, restoreEvidence } from './removal.js';
import * as service from './service.js';

/** The audit entity and 404 subject of each kind of evidence. */
const ENTITY_OF = { event: 'response_event', review: 'review', flag: 'flag' } as const;
/** The partner page's section that lists each kind. */
const SECTION = { event: 'events', review: 'reviews', flag: 'flags' } as const;

/** A number typed the Ecuadorian way ("1.500"); a blank field is null. */
export const typedNumber = (value: string) => (value.trim() === '' ? null : parseLocaleNumber(value));

/** The partner named in the address; an unknown one is a 404. */
export function partnerOf(db: service.Db, req: Request): Promise<service.Partner> {
  return service.existingPartner(db, idParam(req, 'partner'));
}

/** Saves through the service; a rule it enforces re-renders the form with the message. */
export async function saving(
  render: (issues: FieldIssue[]) => Promise<void> | void,
  work: () => Promise<unknown>,
  done: () => void,
) {
  try {
    await work();
  } catch (error) {
    if (error instanceof ValidationError) return render(error.issues);
    throw error;
  }
  done();
}

/** Back to the partner's page, at the section that changed, with a notice. */
export function backToPartner(res: Response, partnerId: number, notice: string, kind: EvidenceKind) {
  res.redirect(303, `/partners/${partnerId}?notice=${notice}#${SECTION[kind]}`);
}

/** The GOV.UK confirmation page: the record, and the partner's score and recommendation before → after. */
export function confirmRemoval(
  res: Response,
  kind: EvidenceKind,
  partner: service.Partner,
  recordId: number,
  preview: { before: unknown; after: unknown },
  details: [string, string][],
) {
  const t = res.locals.t;
  res.render('removals/confirm', {
    heading: t(`removal.${kind}.heading`),
    effect: t(`removal.${kind}.effect`, { partner: partner.name }),
    partner,
    details,
    before: preview.before,
    after: preview.after,
    action: `/partners/${partner.id}/${SECTION[kind]}/${recordId}/delete`,
    cancel: `/partners/${partner.id}#${SECTION[kind]}`,
  });
}

/** After a removal the partner page offers Undo from its notice (top of the page, so no anchor). */
function removed(res: Response, partnerId: number, kind: EvidenceKind, id: number) {
  res.redirect(303, `/partners/${partnerId}?notice=${kind}Removed&undo=${id}`);
}

const REMOVE = { event: service.removeEvent, review: service.removeReview, flag: service.removeFlag } as const;

/** Removes the record named in the address (`param` holds its id); the partner page then offers Undo. */
export async function remove(db: service.Db, req: Request, res: Response, kind: EvidenceKind, param: string) {
  const partnerId = idParam(req, 'partner');
  const id = idParam(req, ENTITY_OF[kind], param);
  await REMOVE[kind](db, actorOf(res), partnerId, id);
  removed(res, partnerId, kind, id);
}

/** The undo of a removal: the record back as it was, or the reason it cannot come back. */
export async function restore(db: service.Db, req: Request, res: Response, kind: EvidenceKind, param: string) {
  const partnerId = idParam(req, 'partner');
  const blocked = await restoreEvidence(db, actorOf(res), kind, partnerId, idParam(req, ENTITY_OF[kind], param));
  if (blocked) {
    res.status(409).render('removals/refused', { reason: `undo.blocked.${blocked}`, back: `/partners/${partnerId}` });
    return;
  }
  backToPartner(res, partnerId, `${kind}Restored`, kind);
}
