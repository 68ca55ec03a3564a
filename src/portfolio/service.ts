// Agreement, decision and target use cases; each change in one transaction with its audit record.
import type { Actor } from '../audit/actor.js';
import { fieldChanges } from '../audit/changes.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import { findPartner } from '../partners/repository.js';
import { unknownIds } from '../reference-data/repository.js';
import { findScore } from '../scoring/repository.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { bumpRevision } from '../shared/revisions.js';
import * as repo from './repository.js';
import type { AgreementInput, AgreementPatch, DecisionInput } from './schemas.js';

export const PORTFOLIO_REVISION = 'portfolio_revision';

/** A save made against an older version of an agreement; carries what is stored now. */
export class StaleAgreementError extends ConflictError {
  constructor(readonly current: repo.Agreement) {
    super('stale_version', [{ path: 'version', message: 'validation.staleAgreement' }]);
  }
}

/** Exiting a small partner recommended keep_priority needs an explicit confirmation. */
export class ExitNeedsConfirmation extends Error {}

async function checkAgreement(db: Db, values: Omit<repo.Agreement, 'id' | 'version' | 'createdAt' | 'updatedAt'>, agreementId: number | null): Promise<FieldIssue[]> {
  const partner = await findPartner(db, values.partnerId);
  if (!partner) throw new ValidationError([{ path: 'partnerId', message: 'validation.partnerRequired' }]);
  const issues: FieldIssue[] = [];
  const [territories, types] = await Promise.all([unknownIds(db, 'territories', values.territoryIds), unknownIds(db, 'assistanceTypes', values.assistanceTypeIds)]);
  if (territories.length > 0) issues.push({ path: 'territoryIds', message: 'validation.unknownTerritory', params: { ids: territories.join(', ') } });
  if (types.length > 0) issues.push({ path: 'assistanceTypeIds', message: 'validation.unknownAssistanceType', params: { ids: types.join(', ') } });
  if (issues.length > 0) throw new ValidationError(issues);
  const holder = await repo.findAgreementByCode(db, values.code);
  if (holder && holder.id !== agreementId) throw new ConflictError('duplicate', [{ path: 'code', message: 'validation.codeTaken' }]);

  // Warnings, never rejections.
  const warnings: FieldIssue[] = [];
  if (values.territoryIds.some((id) => !partner.territoryIds.includes(id))) warnings.push({ path: 'territoryIds', message: 'warning.agreementTerritory' });
  if (values.assistanceTypeIds.some((id) => !partner.assistanceTypeIds.includes(id))) warnings.push({ path: 'assistanceTypeIds', message: 'warning.agreementAssistanceType' });
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
    await recordAudit(trx, actor, { action: 'create', entity: 'agreement', entityId: id, changes: fieldChanges(null, values, repo.AGREEMENT_FIELDS), details: { partnerId: values.partnerId } });
    await bumpRevision(trx, PORTFOLIO_REVISION);
    return { agreement: (await repo.findAgreement(trx, id))!, warnings };
  });
}

export async function updateAgreement(db: Db, actor: Actor, id: number, patch: AgreementPatch) {
  return db.transaction().execute(async (trx) => {
    const current = await repo.findAgreement(trx, id);
    if (!current) throw new NotFoundError('agreement');
    if (current.version !== patch.version) throw new StaleAgreementError(current);
    const { version, ...changes } = patch;
    // An agreement stays with its partner, whatever a form or client sends.
    const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), partnerId: current.partnerId } as repo.Agreement;
    if (next.endDate <= next.startDate) throw new ValidationError([{ path: 'endDate', message: 'validation.endAfterStart' }]);
    const warnings = await checkAgreement(trx, next, id);
    await repo.updateAgreementIfVersion(trx, id, version, next);
    await recordAudit(trx, actor, {
      action: current.status !== 'closed' && next.status === 'closed' ? 'close' : 'update',
      entity: 'agreement',
      entityId: id,
      changes: fieldChanges(current, next, repo.AGREEMENT_FIELDS),
      details: { partnerId: current.partnerId },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
    return { agreement: (await repo.findAgreement(trx, id))!, warnings };
  });
}

/** Records a decision on a partner, with the recommendation it was made against. */
export async function recordDecision(db: Db, actor: Actor, partnerId: number, input: DecisionInput) {
  return db.transaction().execute(async (trx) => {
    const partner = await findPartner(trx, partnerId);
    if (!partner) throw new NotFoundError('partner');
    const score = await findScore(trx, partnerId);
    const againstPriority = input.kind === 'exit' && score?.isSmall === true && score.recommendation === 'keep_priority';
    if (againstPriority && !input.confirmExit) throw new ExitNeedsConfirmation();
    if (input.agreementId != null) {
      const agreement = await repo.findAgreement(trx, input.agreementId);
      if (!agreement || agreement.partnerId !== partnerId) throw new ValidationError([{ path: 'agreementId', message: 'validation.agreementOfPartner' }]);
    }
    const { id } = await trx
      .insertInto('decisions')
      .values({
        partnerId,
        kind: input.kind,
        rationale: input.rationale,
        agreementId: input.agreementId ?? null,
        recommendationAtDecision: score?.recommendation ?? null,
        confirmedAgainstRecommendation: againstPriority ? 1 : 0,
        decidedBy: actor.label,
        decidedAt: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'decision',
      entityId: id,
      details: { partnerId, kind: input.kind, agreementId: input.agreementId ?? null, confirmedAgainstRecommendation: againstPriority },
    });
    await bumpRevision(trx, PORTFOLIO_REVISION);
    return id;
  });
}

export interface Targets {
  smallShareMin: number;
  localFundingShareMin: number;
  smallAgilePerTerritoryMin: number;
}

const TARGET_KEYS = { smallShareMin: 'small_share_min', localFundingShareMin: 'local_funding_share_min', smallAgilePerTerritoryMin: 'small_agile_per_territory_min' } as const;

export async function getTargets(db: Db): Promise<Targets> {
  const rows = await db.selectFrom('portfolioTargets').select(['key', 'value']).execute();
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? 0;
  return { smallShareMin: value(TARGET_KEYS.smallShareMin), localFundingShareMin: value(TARGET_KEYS.localFundingShareMin), smallAgilePerTerritoryMin: value(TARGET_KEYS.smallAgilePerTerritoryMin) };
}

export async function setTargets(db: Db, actor: Actor, targets: Targets): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getTargets(trx);
    const now = new Date().toISOString();
    for (const [field, key] of Object.entries(TARGET_KEYS) as [keyof Targets, string][]) {
      await trx.updateTable('portfolioTargets').set({ value: targets[field], updatedBy: actor.label, updatedAt: now }).where('key', '=', key).execute();
    }
    await recordAudit(trx, actor, { action: 'update', entity: 'targets', entityId: null, changes: fieldChanges(before, targets, ['smallShareMin', 'localFundingShareMin', 'smallAgilePerTerritoryMin']) });
    await bumpRevision(trx, PORTFOLIO_REVISION);
  });
}

export { findAgreement, agreementsOfPartner, listAgreements } from './repository.js';
