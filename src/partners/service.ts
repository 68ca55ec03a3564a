// Partner use cases, shared by the HTML pages and the JSON API. Each change runs in one transaction.
import type { Actor } from '../audit/actor.js';
import { fieldChanges } from '../audit/changes.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import type { Executor, Trx } from '../database/executor.js';
import { checkReferenceIds } from '../reference-data/service.js';
import { rescorePartners } from '../scoring/service.js';
import { ConflictError, type FieldIssue, NotFoundError } from '../shared/errors.js';
import {
  type Partner,
  type PartnerProfile,
  PROFILE_FIELDS,
  type PartnerStatus,
  mergeStaleEdit,
  profileOf,
  suggestedLocalization,
} from './partner.js';
import * as partners from './repository.js';
import { checkRuc } from './ruc.js';
import type { CreatePartnerInput, PartnerListQuery, UpdatePartnerInput } from './schemas.js';

/** The database handle this module's functions take; routes pass it through. */
export type { Db };

export interface PartnerWithWarnings {
  partner: Partner;
  warnings: FieldIssue[];
}

/** A stale edit: what is saved now, and the user's edits re-applied on top of it. */
export interface StaleEdit {
  current: Partner;
  /** The version the user opened. */
  base: PartnerProfile;
  merged: PartnerProfile;
  mine: PartnerProfile;
  conflicts: string[];
  changedFields: string[];
}

/** A save made against an older version; carries what the user needs to re-apply their edits. */
export class StalePartnerEditError extends ConflictError {
  constructor(readonly stale: StaleEdit) {
    super('stale_version', [{ path: 'version', message: 'validation.staleVersion' }]);
  }
}

const now = () => new Date().toISOString();

/** A new partner's whole profile from validated input (absent optional fields are null). */
export function completeProfile(input: CreatePartnerInput): PartnerProfile {
  return {
    name: input.name,
    acronym: input.acronym ?? null,
    ruc: input.ruc ?? null,
    organizationType: input.organizationType,
    localizationCategory: input.localizationCategory ?? suggestedLocalization(input.organizationType),
    staffCount: input.staffCount,
    volunteerCount: input.volunteerCount ?? null,
    annualBudgetUsd: input.annualBudgetUsd ?? null,
    yearFounded: input.yearFounded ?? null,
    territoryIds: input.territoryIds,
    assistanceTypeIds: input.assistanceTypeIds,
    adminSteps: input.adminSteps ?? null,
    declaredResponseHours: input.declaredResponseHours ?? null,
    contactName: input.contactName ?? null,
    contactEmail: input.contactEmail ?? null,
    contactPhone: input.contactPhone ?? null,
    notes: input.notes ?? null,
    status: input.status,
  };
}

/** The patched value, or the current one where the patch leaves a field out. */
const patched = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);

function applyPatch(current: PartnerProfile, patch: UpdatePartnerInput): PartnerProfile {
  const organizationType = patched(patch.organizationType, current.organizationType);
  return {
    name: patched(patch.name, current.name),
    acronym: patched(patch.acronym, current.acronym),
    ruc: patched(patch.ruc, current.ruc),
    organizationType,
    // An explicit null asks for the category that the (possibly new) organization type suggests.
    localizationCategory:
      patch.localizationCategory === null
        ? suggestedLocalization(organizationType)
        : patched(patch.localizationCategory, current.localizationCategory),
    staffCount: patched(patch.staffCount, current.staffCount),
    volunteerCount: patched(patch.volunteerCount, current.volunteerCount),
    annualBudgetUsd: patched(patch.annualBudgetUsd, current.annualBudgetUsd),
    yearFounded: patched(patch.yearFounded, current.yearFounded),
    territoryIds: patched(patch.territoryIds, current.territoryIds),
    assistanceTypeIds: patched(patch.assistanceTypeIds, current.assistanceTypeIds),
    adminSteps: patched(patch.adminSteps, current.adminSteps),
    declaredResponseHours: patched(patch.declaredResponseHours, current.declaredResponseHours),
    contactName: patched(patch.contactName, current.contactName),
    contactEmail: patched(patch.contactEmail, current.contactEmail),
    contactPhone: patched(patch.contactPhone, current.contactPhone),
    notes: patched(patch.notes, current.notes),
    status: patched(patch.status, current.status),
  };
}

async function checkReferencesAndRuc(db: Executor, profile: PartnerProfile, partnerId: number | null): Promise<void> {
  await checkReferenceIds(db, profile);

  if (profile.ruc !== null) {
    const holder = await partners.findPartnerByRuc(db, profile.ruc);
    if (holder && holder.id !== partnerId) {
      throw new ConflictError('duplicate', [
        { path: 'ruc', message: 'validation.rucTaken', params: { name: holder.name, id: holder.id } },
      ]);
    }
  }
}

/** Warnings never block a save: a doubtful RUC check digit, or a name another partner already has. */
export async function partnerWarnings(db: Executor, partner: Partner): Promise<FieldIssue[]> {
  const warnings: FieldIssue[] = [];
  if (partner.ruc !== null) {
    const check = checkRuc(partner.ruc);
    if (check.valid)
      for (const warning of check.warnings) warnings.push({ path: 'ruc', message: `warning.ruc.${warning}` });
  }
  for (const twin of await partners.findPartnersNamed(db, partner.name, partner.id)) {
    warnings.push({ path: 'name', message: 'warning.duplicateName', params: { name: twin.name, id: twin.id } });
  }
  return warnings;
}

async function storedPartner(db: Executor, id: number): Promise<Partner> {
  const partner = await partners.findPartner(db, id);
  if (!partner) throw new NotFoundError('partner');
  return partner;
}

async function withWarnings(db: Executor, partner: Partner): Promise<PartnerWithWarnings> {
  return { partner, warnings: await partnerWarnings(db, partner) };
}

export async function getPartner(db: Db, id: number): Promise<PartnerWithWarnings> {
  return withWarnings(db, await storedPartner(db, id));
}

export function listPartners(db: Db, query: PartnerListQuery) {
  return partners.listPartners(db, query);
}

export async function createPartner(db: Db, actor: Actor, input: CreatePartnerInput): Promise<PartnerWithWarnings> {
  const profile = completeProfile(input);
  return db.transaction().execute(async (trx) => {
    await checkReferencesAndRuc(trx, profile, null);
    const id = await partners.insertPartner(trx, profile, now());
    await rescorePartners(trx, [id]);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'partner',
      entityId: id,
      changes: fieldChanges(null, profile, PROFILE_FIELDS),
    });
    return withWarnings(trx, await storedPartner(trx, id));
  });
}

/**
 * Applies a patch made against `patch.version`. A stale version throws a ConflictError carrying a
 * StaleEdit, so the user sees both values and can re-apply their edits; nothing is overwritten.
 */
export async function updatePartner(
  db: Db,
  actor: Actor,
  id: number,
  patch: UpdatePartnerInput,
): Promise<PartnerWithWarnings> {
  return db.transaction().execute(async (trx) => {
    const current = await storedPartner(trx, id);
    if (current.version !== patch.version) throw await staleEdit(trx, current, patch);
    const before = profileOf(current);
    const profile = applyPatch(before, patch);
    await checkReferencesAndRuc(trx, profile, id);
    const changes = fieldChanges(before, profile, PROFILE_FIELDS);
    if (Object.keys(changes).length > 0) {
      // Another transaction (on PostgreSQL, maybe another instance) may have saved since the read:
      // the save is conditional on the version, and losing that race is a stale edit like any other.
      if (!(await partners.updatePartnerIfVersion(trx, id, current.version, profile, now())))
        throw await staleEdit(trx, await storedPartner(trx, id), patch);
      await rescorePartners(trx, [id]);
      await recordAudit(trx, actor, { action: 'update', entity: 'partner', entityId: id, changes });
    }
    return withWarnings(trx, await storedPartner(trx, id));
  });
}

/** The conflict of an edit made against an older version: what changed since, merged with the edit. */
async function staleEdit(trx: Trx, current: Partner, patch: UpdatePartnerInput): Promise<StalePartnerEditError> {
  const base = (await partners.findRevision(trx, current.id, patch.version)) ?? profileOf(current);
  const mine = applyPatch(base, patch);
  const { merged, conflicts, theirChanges, myChanges } = mergeStaleEdit(base, profileOf(current), mine);
  return new StalePartnerEditError({
    current,
    base,
    merged,
    mine,
    conflicts,
    changedFields: [...new Set([...theirChanges, ...myChanges])],
  });
}

/** How many times a status change re-reads a partner that concurrent edits keep saving over. */
const STATUS_ATTEMPTS = 5;

/** Archiving and restoring are status changes that never conflict with a concurrent edit. */
export async function setPartnerStatus(db: Db, actor: Actor, id: number, status: PartnerStatus): Promise<Partner> {
  return db.transaction().execute(async (trx) => {
    for (let attempt = 0; attempt < STATUS_ATTEMPTS; attempt++) {
      const current = await storedPartner(trx, id);
      if (current.status === status) return current;
      // An edit saved since the read (PostgreSQL: another connection) wins the version: read it again.
      if (!(await partners.updatePartnerIfVersion(trx, id, current.version, { ...profileOf(current), status }, now())))
        continue;
      await rescorePartners(trx, [id]);
      await recordAudit(trx, actor, {
        action: status === 'archived' ? 'archive' : current.status === 'archived' ? 'restore' : 'update',
        entity: 'partner',
        entityId: id,
        changes: { status: { before: current.status, after: status } },
      });
      return storedPartner(trx, id);
    }
    throw new ConflictError('stale_version', [{ path: 'version', message: 'validation.staleVersion' }]);
  });
}

/** The territories and assistance types the partner forms offer and the partner pages name. */
export { referenceLists as partnerReferenceLists } from '../reference-data/service.js';

/** The stored overall score and recommendation of the listed partners, shown beside each name. */
export function partnerStandings(db: Db, partnerIds: number[]) {
  return partners.standingsOf(db, partnerIds);
}

// Imports write many partners inside the import's own transaction: these take that `trx`, and the
// import rescores and audits once for the whole file.

/** Every partner's id, RUC and name key, which an import matches its rows against. */
export function partnerIdentities(db: Executor) {
  return partners.partnerIdentities(db);
}

/** Several partners at once, with their territories and assistance types. */
export function partnersByIds(db: Executor, ids: number[]): Promise<Partner[]> {
  return partners.findPartners(db, ids);
}

export type { Coverage } from './repository.js';

/** The territories and assistance types each of the partners is registered for. */
export function partnerCoverage(db: Executor, partnerIds: number[]) {
  return partners.coverageOf(db, partnerIds);
}

export function insertImportedPartners(
  trx: Trx,
  items: { profile: PartnerProfile; createdAt: string; updatedAt: string }[],
): Promise<number[]> {
  return partners.insertPartners(trx, items);
}

/** Saves an imported profile over the version the import read in this same transaction. */
export async function saveImportedProfile(trx: Trx, current: Partner, profile: PartnerProfile): Promise<void> {
  if (!(await partners.updatePartnerIfVersion(trx, current.id, current.version, profile, now())))
    throw new Error(`partner ${current.id} changed while the import held its transaction`);
}
