// Evidence use cases. Each change runs in one transaction with its audit record and the rescore
// of the partner it concerns, so the score changes the moment the evidence does. The evidence pages
// and API read through here, also what they show of partners, reference data and the methodology.
import type { Actor } from '../audit/actor.js';
import { fieldChanges } from '../audit/changes.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import type { Executor, Trx } from '../database/executor.js';
import type { FlagRow, PerformanceReviewRow, ResponseEventRow } from '../database/schema.js';
import type { Partner } from '../partners/partner.js';
import { findPartner } from '../partners/repository.js';
import { unknownIds } from '../reference-data/repository.js';
import { activeMethodology, rescorePartners } from '../scoring/service.js';
import { type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { EVENTS_REVISION, bumpRevision } from '../shared/revisions.js';
import * as repo from './repository.js';
import {
  EVENT_FIELDS,
  FLAG_FIELDS,
  REVIEW_FIELDS,
  type EventInput,
  type EventPatch,
  type FlagInput,
  type FlagPatch,
  type ReviewInput,
  type ReviewPatch,
} from './schemas.js';

/** The database handle the routes hold and pass to these functions. */
export type { Db, Partner };
export type { ResponseEvent } from './repository.js';

// A flag's audit also follows its status and resolution, which procurement changes.
const FLAG_AUDIT_FIELDS = [...FLAG_FIELDS, 'status', 'resolution'] as const;

/** The partner a piece of evidence belongs to; an unknown id is a 404. */
export async function existingPartner(db: Executor, partnerId: number): Promise<Partner> {
  const partner = await findPartner(db, partnerId);
  if (!partner) throw new NotFoundError('partner');
  return partner;
}

/** The territories and assistance types, in reference order, for forms, filters and files. */
export { referenceLists } from '../reference-data/service.js';

/** Past the active methodology's worst response time a pending event is overdue. */
export async function worstResponseHours(db: Db): Promise<number> {
  return (await activeMethodology(db)).parameters.response.worstHours;
}

/** One of the cross-partner lists: how many records match its filters, and a part of them. */
export interface CrossPartnerList<R> {
  count: () => Promise<number>;
  rows: (limit: number, offset: number) => Promise<repo.WithPartnerName<R>[]>;
}

export function eventsOfAllPartners(db: Db, filters: repo.EventFilters): CrossPartnerList<ResponseEventRow> {
  return {
    count: () => repo.countListedEvents(db, filters),
    rows: (limit, offset) => repo.listedEvents(db, filters, { limit, offset }),
  };
}

export function reviewsOfAllPartners(db: Db, filters: repo.ReviewFilters): CrossPartnerList<PerformanceReviewRow> {
  return {
    count: () => repo.countListedReviews(db, filters),
    rows: (limit, offset) => repo.listedReviews(db, filters, { limit, offset }),
  };
}

export function flagsOfAllPartners(db: Db, filters: repo.FlagFilters): CrossPartnerList<FlagRow> {
  return {
    count: () => repo.countListedFlags(db, filters),
    rows: (limit, offset) => repo.listedFlags(db, filters, { limit, offset }),
  };
}

/** A row this transaction just wrote, read back; its absence is a bug, not a user's mistake. */
function written<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`The ${what} just written cannot be read back`);
  return row;
}

function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Warnings, never rejections: the partner is not registered where or for what it responded. */
export function eventWarnings(
  partner: Partner,
  event: { territoryId: number; assistanceTypeId: number },
): FieldIssue[] {
  const warnings: FieldIssue[] = [];
  if (!partner.territoryIds.includes(event.territoryId))
    warnings.push({ path: 'territoryId', message: 'warning.eventTerritory' });
  if (!partner.assistanceTypeIds.includes(event.assistanceTypeId))
    warnings.push({ path: 'assistanceTypeId', message: 'warning.eventAssistanceType' });
  return warnings;
}

async function checkReferences(trx: Trx, event: { territoryId: number; assistanceTypeId: number }): Promise<void> {
  const issues: FieldIssue[] = [];
  if ((await unknownIds(trx, 'territories', [event.territoryId])).length > 0)
    issues.push({ path: 'territoryId', message: 'validation.unknownTerritory', params: { ids: event.territoryId } });
  if ((await unknownIds(trx, 'assistanceTypes', [event.assistanceTypeId])).length > 0)
    issues.push({
      path: 'assistanceTypeId',
      message: 'validation.unknownAssistanceType',
      params: { ids: event.assistanceTypeId },
    });
  if (issues.length > 0) throw new ValidationError(issues);
}

export async function logEvent(db: Db, actor: Actor, partnerId: number, input: EventInput) {
  return db.transaction().execute(async (trx) => {
    const partner = await existingPartner(trx, partnerId);
    await checkReferences(trx, input);
    const values = {
      partnerId,
      ...input,
      firstAssistanceAt: input.firstAssistanceAt ?? null,
      peopleAssisted: input.peopleAssisted ?? null,
      notes: input.notes ?? null,
    };
    const id = await repo.insertEvent(trx, values);
    await rescorePartners(trx, [partnerId]);
    await bumpRevision(trx, EVENTS_REVISION);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'response_event',
      entityId: id,
      changes: fieldChanges(null, values, EVENT_FIELDS),
      details: { partnerId },
    });
    const event = written(await repo.findEvent(trx, partnerId, id), 'response event');
    return { event, warnings: eventWarnings(partner, values) };
  });
}

export async function changeEvent(db: Db, actor: Actor, partnerId: number, eventId: number, patch: EventPatch) {
  return db.transaction().execute(async (trx) => {
    const partner = await existingPartner(trx, partnerId);
    const before = await repo.findEvent(trx, partnerId, eventId);
    if (!before) throw new NotFoundError('response_event');
    const after = { ...before, ...defined(patch) };
    if (after.firstAssistanceAt !== null && Date.parse(after.firstAssistanceAt) < Date.parse(after.requestedAt)) {
      throw new ValidationError([{ path: 'firstAssistanceAt', message: 'validation.deliveryBeforeRequest' }]);
    }
    await checkReferences(trx, after);
    await repo.updateEvent(trx, after);
    await rescorePartners(trx, [partnerId]);
    await bumpRevision(trx, EVENTS_REVISION);
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'response_event',
      entityId: eventId,
      changes: fieldChanges(before, after, EVENT_FIELDS),
      details: { partnerId },
    });
    const event = written(await repo.findEvent(trx, partnerId, eventId), 'response event');
    return { event, warnings: eventWarnings(partner, after) };
  });
}

export async function removeEvent(db: Db, actor: Actor, partnerId: number, eventId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findEvent(trx, partnerId, eventId);
    if (!before) throw new NotFoundError('response_event');
    await repo.deleteEvent(trx, eventId);
    await rescorePartners(trx, [partnerId]);
    await bumpRevision(trx, EVENTS_REVISION);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'response_event',
      entityId: eventId,
      changes: fieldChanges(
        before,
        { ...before, ...Object.fromEntries(EVENT_FIELDS.map((f) => [f, null])) },
        EVENT_FIELDS,
      ),
      details: { partnerId, record: before },
    });
  });
}

export async function addReview(db: Db, actor: Actor, partnerId: number, input: ReviewInput) {
  return db.transaction().execute(async (trx) => {
    await existingPartner(trx, partnerId);
    const values = { partnerId, ...input, notes: input.notes ?? null };
    const id = await repo.insertReview(trx, values);
    await rescorePartners(trx, [partnerId]);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'review',
      entityId: id,
      changes: fieldChanges(null, values, REVIEW_FIELDS),
      details: { partnerId },
    });
    return written(await repo.findReview(trx, partnerId, id), 'review');
  });
}

export async function changeReview(db: Db, actor: Actor, partnerId: number, reviewId: number, patch: ReviewPatch) {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findReview(trx, partnerId, reviewId);
    if (!before) throw new NotFoundError('review');
    const after = { ...before, ...defined(patch) };
    if (after.periodEnd < after.periodStart)
      throw new ValidationError([{ path: 'periodEnd', message: 'validation.periodOrder' }]);
    await repo.updateReview(trx, after);
    await rescorePartners(trx, [partnerId]);
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'review',
      entityId: reviewId,
      changes: fieldChanges(before, after, REVIEW_FIELDS),
      details: { partnerId },
    });
    return written(await repo.findReview(trx, partnerId, reviewId), 'review');
  });
}

export async function removeReview(db: Db, actor: Actor, partnerId: number, reviewId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findReview(trx, partnerId, reviewId);
    if (!before) throw new NotFoundError('review');
    await repo.deleteReview(trx, reviewId);
    await rescorePartners(trx, [partnerId]);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'review',
      entityId: reviewId,
      details: { partnerId, periodEnd: before.periodEnd, rating: before.rating, record: before },
    });
  });
}

export async function raiseFlag(db: Db, actor: Actor, partnerId: number, input: FlagInput) {
  return db.transaction().execute(async (trx) => {
    await existingPartner(trx, partnerId);
    const id = await repo.insertFlag(trx, { partnerId, ...input, raisedBy: actor.label });
    await rescorePartners(trx, [partnerId]);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'flag',
      entityId: id,
      changes: fieldChanges(null, { ...input, status: 'open', resolution: null }, FLAG_AUDIT_FIELDS),
      details: { partnerId },
    });
    return written(await repo.findFlag(trx, partnerId, id), 'flag');
  });
}

/** Edits a flag; a change of status resolves it (with a resolution note) or reopens it. */
export async function changeFlag(db: Db, actor: Actor, partnerId: number, flagId: number, patch: FlagPatch) {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findFlag(trx, partnerId, flagId);
    if (!before) throw new NotFoundError('flag');
    const after: repo.Flag = { ...before, ...defined(patch) };
    if (patch.status === 'resolved' && before.status !== 'resolved') {
      after.resolvedBy = actor.label;
      after.resolvedAt = new Date().toISOString();
    }
    if (patch.status === 'open') Object.assign(after, { resolution: null, resolvedBy: null, resolvedAt: null });
    await repo.updateFlag(trx, after);
    await rescorePartners(trx, [partnerId]);
    const action =
      patch.status === 'resolved' && before.status === 'open'
        ? 'resolve'
        : patch.status === 'open' && before.status === 'resolved'
          ? 'reopen'
          : 'update';
    await recordAudit(trx, actor, {
      action,
      entity: 'flag',
      entityId: flagId,
      changes: fieldChanges(before, after, FLAG_AUDIT_FIELDS),
      details: { partnerId },
    });
    return written(await repo.findFlag(trx, partnerId, flagId), 'flag');
  });
}

export async function removeFlag(db: Db, actor: Actor, partnerId: number, flagId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findFlag(trx, partnerId, flagId);
    if (!before) throw new NotFoundError('flag');
    await repo.deleteFlag(trx, flagId);
    await rescorePartners(trx, [partnerId]);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'flag',
      entityId: flagId,
      details: { partnerId, level: before.level, category: before.category, status: before.status, record: before },
    });
  });
}

export { listEvents, listFlags, listReviews, findEvent, findFlag, findReview } from './repository.js';

/** Whether the last removal of a record can still be undone (the partner profile offers Undo). */
export { restoreBlocker } from './removal.js';
