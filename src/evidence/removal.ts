// Removing a response event, review or flag safely: what the removal would do to the partner's score,
// and the undo that puts the very same record back (same id, same data) while nothing stands in its way.
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import { lastRemoval } from '../audit/removals.js';
import type { Db } from '../database/connect.js';
import type { Executor } from '../database/executor.js';
import { findPartner } from '../partners/repository.js';
import { unknownIds } from '../reference-data/repository.js';
import { rescorePartners, scoreFromEvidence } from '../scoring/service.js';
import type { PartnerScore } from '../scoring/score.js';
import { NotFoundError } from '../shared/errors.js';
import { EVENTS_REVISION, bumpRevision } from '../shared/revisions.js';
import { whatIf } from '../shared/what-if.js';
import * as repo from './repository.js';

export const EVIDENCE_KINDS = ['event', 'review', 'flag'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

const ENTITY = { event: 'response_event', review: 'review', flag: 'flag' } as const;

/** Why an undo cannot go ahead; each is a message key under `undo.blocked.`. */
export type RestoreBlock =
  'notRemoved' | 'alreadyRestored' | 'idReused' | 'partnerGone' | 'partnerArchived' | 'referenceGone';

async function find(db: Executor, kind: EvidenceKind, partnerId: number, id: number) {
  if (kind === 'event') return repo.findEvent(db, partnerId, id);
  if (kind === 'review') return repo.findReview(db, partnerId, id);
  return repo.findFlag(db, partnerId, id);
}

async function erase(trx: Executor, kind: EvidenceKind, id: number) {
  if (kind === 'event') return repo.deleteEvent(trx, id);
  if (kind === 'review') return repo.deleteReview(trx, id);
  return repo.deleteFlag(trx, id);
}

export interface RemovalPreview<R> {
  record: R;
  before: PartnerScore | null;
  after: PartnerScore | null;
}

/** The record and the partner's score with and without it, both scored now; nothing is written. */
export async function previewRemoval(
  db: Db,
  kind: 'event',
  partnerId: number,
  id: number,
): Promise<RemovalPreview<repo.ResponseEvent>>;
export async function previewRemoval(
  db: Db,
  kind: 'review',
  partnerId: number,
  id: number,
): Promise<RemovalPreview<repo.Review>>;
export async function previewRemoval(
  db: Db,
  kind: 'flag',
  partnerId: number,
  id: number,
): Promise<RemovalPreview<repo.Flag>>;
export async function previewRemoval(
  db: Db,
  kind: EvidenceKind,
  partnerId: number,
  id: number,
): Promise<RemovalPreview<unknown>> {
  const asOf = new Date();
  return whatIf(db, async (trx) => {
    const record = await find(trx, kind, partnerId, id);
    if (!record) throw new NotFoundError(ENTITY[kind]);
    const before = await scoreFromEvidence(trx, partnerId, asOf);
    await erase(trx, kind, id);
    return { record, before, after: await scoreFromEvidence(trx, partnerId, asOf) };
  });
}

async function restorable(
  db: Executor,
  kind: EvidenceKind,
  partnerId: number,
  id: number,
): Promise<{ snapshot: repo.RemovedRecord } | { blocked: RestoreBlock }> {
  const removal = await lastRemoval(db, ENTITY[kind], id);
  if (!removal || removal.details.partnerId !== partnerId) return { blocked: 'notRemoved' };
  const snapshot = repo.removedRecordOf(kind, removal.record);
  const holder = await repo.idHolder(db, kind, id);
  if (holder) {
    const current = holder.partnerId === partnerId ? await find(db, kind, partnerId, id) : undefined;
    return { blocked: current && sameRecord(current, snapshot.row) ? 'alreadyRestored' : 'idReused' };
  }
  const partner = await findPartner(db, partnerId);
  if (!partner) return { blocked: 'partnerGone' };
  if (partner.status === 'archived') return { blocked: 'partnerArchived' };
  if (snapshot.kind === 'event') {
    const [territories, types] = await Promise.all([
      unknownIds(db, 'territories', [snapshot.row.territoryId]),
      unknownIds(db, 'assistanceTypes', [snapshot.row.assistanceTypeId]),
    ]);
    if (territories.length > 0 || types.length > 0) return { blocked: 'referenceGone' };
  }
  return { snapshot };
}

/** A record back in place is the one removed when it was created at the same moment. */
function sameRecord(current: object, snapshot: object): boolean {
  const created = (r: object) => ('createdAt' in r ? r.createdAt : 'raisedAt' in r ? r.raisedAt : null);
  return created(current) === created(snapshot);
}

/** Whether the last removal of the record can still be undone, and if not, why. */
export async function restoreBlocker(
  db: Db,
  kind: EvidenceKind,
  partnerId: number,
  id: number,
): Promise<RestoreBlock | null> {
  const result = await restorable(db, kind, partnerId, id);
  return 'blocked' in result ? result.blocked : null;
}

/** Puts the removed record back as it was, rescored and audited, or says why it cannot. */
export async function restoreEvidence(
  db: Db,
  actor: Actor,
  kind: EvidenceKind,
  partnerId: number,
  id: number,
): Promise<RestoreBlock | null> {
  return db.transaction().execute(async (trx) => {
    const result = await restorable(trx, kind, partnerId, id);
    if ('blocked' in result) return result.blocked;
    await repo.reinsert(trx, result.snapshot);
    await rescorePartners(trx, [partnerId]);
    if (kind === 'event') await bumpRevision(trx, EVENTS_REVISION);
    await recordAudit(trx, actor, { action: 'restore', entity: ENTITY[kind], entityId: id, details: { partnerId } });
    return null;
  });
}
