// Agreement, decision and target use cases; each change in one transaction with its audit record.
// The portfolio's pages and API read through here, also what they show of partners and reference data.
import type { Actor } from '../audit/actor.js';
import { type FieldChanges, fieldChanges } from '../audit/changes.js';
import type { AuditAction } from '../audit/audit-event.js';
import { recordAudit } from '../audit/repository.js';
import { lastRemoval } from '../audit/removals.js';
import type { Db } from '../database/connect.js';
import type { Trx } from '../database/executor.js';
import type { Partner } from '../partners/partner.js';
import { ecuadorToday } from '../shared/dates.js';
import { findPartner } from '../partners/repository.js';
import { checkReferenceIds, listTerritories } from '../reference-data/service.js';
import { findScore } from '../scoring/repository.js';
import { scoreFromEvidence } from '../scoring/service.js';
import type { PartnerScore } from '../scoring/score.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { PORTFOLIO_REVISION, bumpRevision } from '../shared/revisions.js';
import * as repo from './repository.js';
import {
  AGREEMENT_FIELDS,
  type AgreementInput,
  type AgreementPatch,
  type DecisionInput,
  type DecisionListQuery,
} from './schemas.js';
import { inPortfolio, nextAgreementCode } from './rules.js';

/** The database handle the routes hold and pass to these functions. */
export type { Db, Partner };
export type { Agreement, LoggedDecision } from './repository.js';

/** A row this transaction just wrote, read back; its absence is a bug, not a user's mistake. */
function written<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`The ${what} just written cannot be read back`);
  return row;
}

/** The fields a patch gives; one left out (undefined) keeps what is stored. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

// What the portfolio's pages show of other features, read through here so that routes depend on this service alone.
export { findPartner, listTerritories };
export { referenceNames } from '../exports/reference-names.js';

/** The territories and assistance types, in reference order, for forms and filters. */
export { referenceLists } from '../reference-data/service.js';

/** A save made against an older version of an agreement; carries what is stored now. */
export class StaleAgreementError extends ConflictError {
  constructor(readonly current: repo.Agreement) {
    super('stale_version', [{ path: 'version', message: 'validation.staleAgreement' }]);
  }
}

/** Exiting a small partner recommended keep_priority needs an explicit confirmation. */
export class ExitNeedsConfirmation extends Error {}

async function checkAgreement(
  trx: Trx,
  values: Omit<repo.Agreement, 'id' | 'version' | 'createdAt' | 'updatedAt'>,
  agreementId: number | null,
): Promise<FieldIssue[]> {
  const partner = await findPartner(trx, values.partnerId);
  if (!partner) throw new ValidationError([{ path: 'partnerId', message: 'validation.partnerRequired' }]);
  await checkReferenceIds(trx, values);
  const holder = await repo.findAgreementByCode(trx, values.code);
  if (holder && holder.id !== agreementId)
    throw new ConflictError('duplicate', [{ path: 'code', message: 'validation.codeTaken' }]);

  // Warnings, never rejections.
  const warnings: FieldIssue[] = [];
  if (values.territoryIds.some((id) => !partner.territoryIds.includes(id)))
    warnings.push({ path: 'territoryIds', message: 'warning.agreementTerritory' });
  if (values.assistanceTypeIds.some((id) => !partner.assistanceTypeIds.includes(id)))
    warnings.push({ path: 'assistanceTypeIds', message: 'warning.agreementAssistanceType' });
  if (values.peopleReached != null && values.peopleTargeted != null && values.peopleReached > values.peopleTargeted) {
    warnings.push({ path: 'peopleReached', message: 'warning.reachedAboveTargeted' });
  }
  return warnings;
}

export async function createAgreement(db: Db, actor: Actor, input: AgreementInput) {
  const values = { ...input, peopleTargeted: input.peopleTargeted ?? null, peopleReached: input.peopleReached ?? null };
  return db.transaction().execute(async (trx) => {
    const warnings = await checkAgreement(trx, values, null);
    const id = await repo.insertAgreement(trx, values);
    const changes = fieldChanges(null, values, AGREEMENT_FIELDS);
    return savedAgreement(trx, actor, { action: 'create', id, partnerId: values.partnerId, changes }, warnings);
  });
}

/** Audits an agreement's change, moves the portfolio's revision, and reads the agreement back. */
async function savedAgreement(
  trx: Trx,
  actor: Actor,
  change: { action: AuditAction; id: number; partnerId: number; changes: FieldChanges },
  warnings: FieldIssue[],
): Promise<{ agreement: repo.Agreement; warnings: FieldIssue[] }> {
  await recordAudit(trx, actor, {
    action: change.action,
    entity: 'agreement',
    entityId: change.id,
    changes: change.changes,
    details: { partnerId: change.partnerId },
  });
  await bumpRevision(trx, PORTFOLIO_REVISION);
  return { agreement: written(await repo.findAgreement(trx, change.id), 'agreement'), warnings };
}

const CODES_CONSIDERED = 20;

/** The next free code in the office's numbering pattern, suggested on the new-agreement form. */
export async function suggestAgreementCode(db: Db, year: number): Promise<string> {
  const codes = await repo.latestAgreementCodes(db, CODES_CONSIDERED);
  let code = nextAgreementCode(codes, year);
  // An older agreement may already hold the number; step past it.
  for (let tries = 0; tries < CODES_CONSIDERED && (await repo.findAgreementByCode(db, code)); tries++)
    code = nextAgreementCode([code, ...codes], year);
  return code;
}

export async function updateAgreement(db: Db, actor: Actor, id: number, patch: AgreementPatch) {
  return db.transaction().execute(async (trx) => {
    const current = await repo.findAgreement(trx, id);
    if (!current) throw new NotFoundError('agreement');
    if (current.version !== patch.version) throw new StaleAgreementError(current);
    const { version, ...changes } = patch;
    // An agreement stays with its partner, whatever a form or client sends.
    const next: repo.Agreement = { ...current, ...definedOnly(changes), partnerId: current.partnerId };
    if (next.endDate <= next.startDate)
      throw new ValidationError([{ path: 'endDate', message: 'validation.endAfterStart' }]);
    const warnings = await checkAgreement(trx, next, id);
    // Saved only over the version read: a save in between (PostgreSQL: another connection) wins.
    if (!(await repo.updateAgreementIfVersion(trx, id, version, next)))
      throw new StaleAgreementError(written(await repo.findAgreement(trx, id), 'agreement'));
    const action =
      current.status !== 'closed' && next.status === 'closed'
        ? 'close'
        : current.status === 'draft' && next.status === 'active'
          ? 'activate'
          : 'update';
    const audited = fieldChanges(current, next, AGREEMENT_FIELDS);
    return savedAgreement(trx, actor, { action, id, partnerId: current.partnerId, changes: audited }, warnings);
  });
}

/** Records a decision on a partner, with the recommendation it was made against. */
export async function recordDecision(db: Db, actor: Actor, partnerId: number, input: DecisionInput) {
  return db.transaction().execute(async (trx) => {
    const partner = await findPartner(trx, partnerId);
    if (!partner) throw new NotFoundError('partner');
    const score = await findScore(trx, partnerId);
    const againstPriority =
      input.kind === 'exit' && score?.isSmall === true && score.recommendation === 'keep_priority';
    if (againstPriority && !input.confirmExit) throw new ExitNeedsConfirmation();
    if (input.agreementId != null) {
      const agreement = await repo.findAgreement(trx, input.agreementId);
      if (!agreement || agreement.partnerId !== partnerId)
        throw new ValidationError([{ path: 'agreementId', message: 'validation.agreementOfPartner' }]);
    }
    const id = await repo.insertDecision(trx, {
      partnerId,
      kind: input.kind,
      rationale: input.rationale,
      agreementId: input.agreementId ?? null,
      recommendationAtDecision: score?.recommendation ?? null,
      confirmedAgainstRecommendation: againstPriority ? 1 : 0,
      decidedBy: actor.label,
      decidedAt: new Date().toISOString(),
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'decision',
      entityId: id,
      details: {
        partnerId,
        kind: input.kind,
        agreementId: input.agreementId ?? null,
        confirmedAgainstRecommendation: againstPriority,
      },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
    return id;
  });
}

/** Why an undo cannot go ahead; each is a message key under `undo.blocked.`. */
export type RestoreBlock =
  'notRemoved' | 'alreadyRestored' | 'idReused' | 'partnerGone' | 'partnerArchived' | 'slotTaken';

/** A decision and the partner's score, which decisions do not move: the confirmation shows it stays the same. */
export async function previewDecisionRemoval(
  db: Db,
  partnerId: number,
  decisionId: number,
): Promise<{ decision: repo.Decision; score: PartnerScore | null }> {
  const decision = await repo.findDecision(db, partnerId, decisionId);
  if (!decision) throw new NotFoundError('decision');
  return { decision, score: await scoreFromEvidence(db, partnerId) };
}

export async function removeDecision(db: Db, actor: Actor, partnerId: number, decisionId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findDecision(trx, partnerId, decisionId);
    if (!before) throw new NotFoundError('decision');
    await repo.deleteDecision(trx, decisionId);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'decision',
      entityId: decisionId,
      details: { partnerId, kind: before.kind, record: before },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
  });
}

async function restorableDecision(
  db: Db,
  partnerId: number,
  decisionId: number,
): Promise<{ snapshot: repo.Decision } | { blocked: RestoreBlock }> {
  const removal = await lastRemoval(db, 'decision', decisionId);
  if (!removal || removal.details.partnerId !== partnerId) return { blocked: 'notRemoved' };
  const snapshot = repo.asDecisionRow(removal.record);
  const holder = await repo.decisionIdHolder(db, decisionId);
  if (holder) {
    const current = holder.partnerId === partnerId ? await repo.findDecision(db, partnerId, decisionId) : undefined;
    return { blocked: current && current.decidedAt === snapshot.decidedAt ? 'alreadyRestored' : 'idReused' };
  }
  const partner = await findPartner(db, partnerId);
  if (!partner) return { blocked: 'partnerGone' };
  if (partner.status === 'archived') return { blocked: 'partnerArchived' };
  return { snapshot };
}

export async function decisionRestoreBlocker(
  db: Db,
  partnerId: number,
  decisionId: number,
): Promise<RestoreBlock | null> {
  const result = await restorableDecision(db, partnerId, decisionId);
  return 'blocked' in result ? result.blocked : null;
}

/** Puts a removed decision back as it was, audited, or says why it cannot. */
export async function restoreDecision(
  db: Db,
  actor: Actor,
  partnerId: number,
  decisionId: number,
): Promise<RestoreBlock | null> {
  return db.transaction().execute(async (trx) => {
    const result = await restorableDecision(trx, partnerId, decisionId);
    if ('blocked' in result) return result.blocked;
    await repo.reinsertDecision(trx, result.snapshot);
    await recordAudit(trx, actor, {
      action: 'restore',
      entity: 'decision',
      entityId: decisionId,
      details: { partnerId },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
    return null;
  });
}

/** A page of the decisions log, and how many decisions match its filters. */
export async function decisionLog(
  db: Db,
  query: DecisionListQuery,
): Promise<{ data: repo.LoggedDecision[]; total: number }> {
  const paging = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const [data, total] = await Promise.all([
    repo.decisionLogRows(db, query, paging),
    repo.countLoggedDecisions(db, query),
  ]);
  return { data, total };
}

export { decisionLogRows } from './repository.js';

export interface Targets {
  smallShareMin: number;
  localFundingShareMin: number;
  smallAgilePerTerritoryMin: number;
}

const TARGET_KEYS = {
  smallShareMin: 'small_share_min',
  localFundingShareMin: 'local_funding_share_min',
  smallAgilePerTerritoryMin: 'small_agile_per_territory_min',
} as const;
export type TargetName = keyof Targets;
export const TARGET_NAMES = Object.keys(TARGET_KEYS) as TargetName[];

export function isTargetName(value: unknown): value is TargetName {
  return typeof value === 'string' && Object.hasOwn(TARGET_KEYS, value);
}

/** Each target's minimum; a removed target checks nothing, so it counts as a minimum of 0. */
export async function getTargets(db: Db): Promise<Targets> {
  const set = await targetsSet(db);
  return {
    smallShareMin: set.smallShareMin ?? 0,
    localFundingShareMin: set.localFundingShareMin ?? 0,
    smallAgilePerTerritoryMin: set.smallAgilePerTerritoryMin ?? 0,
  };
}

/** Each target's minimum, null where it was removed. */
export async function targetsSet(db: Db): Promise<Record<TargetName, number | null>> {
  const rows = await repo.targetRows(db);
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  return {
    smallShareMin: value(TARGET_KEYS.smallShareMin),
    localFundingShareMin: value(TARGET_KEYS.localFundingShareMin),
    smallAgilePerTerritoryMin: value(TARGET_KEYS.smallAgilePerTerritoryMin),
  };
}

export async function setTargets(db: Db, actor: Actor, targets: Targets): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getTargets(trx);
    const now = new Date().toISOString();
    for (const name of TARGET_NAMES)
      await repo.upsertTarget(trx, {
        key: TARGET_KEYS[name],
        value: targets[name],
        updatedBy: actor.label,
        updatedAt: now,
      });
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'targets',
      entityId: null,
      changes: fieldChanges(before, targets, TARGET_NAMES),
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
  });
}

export async function removeTarget(db: Db, actor: Actor, name: TargetName): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.findTarget(trx, TARGET_KEYS[name]);
    if (!row) throw new NotFoundError('targets');
    await repo.deleteTarget(trx, row.key);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'targets',
      entityId: null,
      details: { target: name, record: row },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
  });
}

async function restorableTarget(
  db: Db,
  name: TargetName,
): Promise<{ snapshot: repo.TargetRow } | { blocked: RestoreBlock }> {
  const removal = await lastRemoval(db, 'targets', null, (details) => details.target === name);
  if (!removal) return { blocked: 'notRemoved' };
  if (await repo.findTarget(db, TARGET_KEYS[name])) return { blocked: 'slotTaken' };
  return { snapshot: repo.asTargetRow(removal.record) };
}

export async function targetRestoreBlocker(db: Db, name: TargetName): Promise<RestoreBlock | null> {
  const result = await restorableTarget(db, name);
  return 'blocked' in result ? result.blocked : null;
}

/** Puts a removed target back with the value it had, while no new value took its place. */
export async function restoreTarget(db: Db, actor: Actor, name: TargetName): Promise<RestoreBlock | null> {
  return db.transaction().execute(async (trx) => {
    const result = await restorableTarget(trx, name);
    if ('blocked' in result) return result.blocked;
    await repo.reinsertTarget(trx, result.snapshot);
    await recordAudit(trx, actor, {
      action: 'restore',
      entity: 'targets',
      entityId: null,
      details: { target: name, value: result.snapshot.value },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
    return null;
  });
}

export { findAgreement, agreementsOfPartner, listAgreements, partnerChoices } from './repository.js';

/** The partner profile's portfolio part: agreements, whether the partner is in the portfolio today, latest decisions. */
export async function partnerPortfolio(db: Db, partnerId: number, decisionCount: number) {
  const [agreements, decisions] = await Promise.all([
    repo.agreementsOfPartner(db, partnerId),
    repo.decisionsOfPartner(db, partnerId, decisionCount),
  ]);
  return { agreements, decisions, inPortfolio: inPortfolio(agreements, ecuadorToday()) };
}
