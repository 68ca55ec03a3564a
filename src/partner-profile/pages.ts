// The partner profile page. Declared right after the partner pages, so /partners/new stays a page of its own.
import type { Request } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, get } from '../http/routing.js';
import { type Db, type RemovedRecord, partnerProfile } from './read-model.js';

// Changes made elsewhere come back to the profile with one of these notices.
const NOTICES = [
  'created',
  'updated',
  'archived',
  'restored',
  'eventSaved',
  'eventRemoved',
  'reviewSaved',
  'reviewRemoved',
  'flagRaised',
  'flagSaved',
  'flagRemoved',
  'flagResolved',
  'flagReopened',
  'decisionRecorded',
  'eventRestored',
  'reviewRestored',
  'flagRestored',
  'decisionRemoved',
  'decisionRestored',
] as const;
type Notice = (typeof NOTICES)[number];

/** The notices that follow a removal, with what was removed and where its restore form posts. */
const UNDOABLE: Partial<Record<Notice, { kind: RemovedRecord['kind']; section: string }>> = {
  eventRemoved: { kind: 'event', section: 'events' },
  reviewRemoved: { kind: 'review', section: 'reviews' },
  flagRemoved: { kind: 'flag', section: 'flags' },
  decisionRemoved: { kind: 'decision', section: 'decisions' },
};

function noticeOf(req: Request): Notice | null {
  const notice = req.query.notice;
  return NOTICES.find((known) => known === notice) ?? null;
}

/** Right after a removal, the address names the removed record (`?notice=eventRemoved&undo=12`). */
function removedRecord(req: Request): (RemovedRecord & { section: string }) | null {
  const notice = noticeOf(req);
  const undoable = notice === null ? undefined : UNDOABLE[notice];
  const id = Number(req.query.undo);
  if (!undoable || !Number.isSafeInteger(id) || id <= 0) return null;
  return { ...undoable, id };
}

export function partnerProfileRoutes(db: Db): RouteSpec[] {
  return [
    get('/partners/:id', 'partners.read', async (req, res) => {
      const removed = removedRecord(req);
      const notice = noticeOf(req);
      const { restoreBlocked, ...profile } = await partnerProfile(db, idParam(req, 'partner'), {
        t: res.locals.t,
        fmt: res.locals.fmt,
        removed,
      });
      res.render('partners/show', {
        ...profile,
        notice: notice === null ? null : `partners.notice.${notice}`,
        // The notice offers Undo while the record can still go back.
        undo: removed && {
          action: `/partners/${profile.partner.id}/${removed.section}/${removed.id}/restore`,
          blocked: restoreBlocked,
        },
      });
    }),
  ];
}
