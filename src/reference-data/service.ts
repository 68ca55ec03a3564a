// Administrators keep the reference data: territories and assistance types. Nothing is deleted,
// because partners, events and agreements refer to them; codes are unique.
import type { Actor } from '../audit/actor.js';
import { fieldChanges } from '../audit/changes.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import type { Executor, Trx } from '../database/executor.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { PORTFOLIO_REVISION, bumpRevision } from '../shared/revisions.js';
import * as repo from './repository.js';
import type { AssistanceTypeInput, TerritoryInput } from './schemas.js';
import { lockFor } from '../database/locks.js';

export type { Db };
export type { AssistanceType, Territory, TerritoryRecord } from './repository.js';
export { listAssistanceTypes, listTerritories } from './repository.js';

/** The territories and assistance types, in reference order, for forms, filters and files. */
export async function referenceLists(db: Executor) {
  const [territories, assistanceTypes] = await Promise.all([repo.listTerritories(db), repo.listAssistanceTypes(db)]);
  return { territories, assistanceTypes };
}

/** Refuses territory and assistance-type ids that do not exist, naming them beside their field. */
export async function checkReferenceIds(
  db: Executor,
  { territoryIds, assistanceTypeIds }: { territoryIds: number[]; assistanceTypeIds: number[] },
): Promise<void> {
  const [territories, types] = await Promise.all([
    repo.unknownIds(db, 'territories', territoryIds),
    repo.unknownIds(db, 'assistanceTypes', assistanceTypeIds),
  ]);
  const issues: FieldIssue[] = [];
  if (territories.length > 0)
    issues.push({
      path: 'territoryIds',
      message: 'validation.unknownTerritory',
      params: { ids: territories.join(', ') },
    });
  if (types.length > 0)
    issues.push({
      path: 'assistanceTypeIds',
      message: 'validation.unknownAssistanceType',
      params: { ids: types.join(', ') },
    });
  if (issues.length > 0) throw new ValidationError(issues);
}

const TERRITORY_FIELDS = ['code', 'nameEs', 'nameEn', 'province', 'provinceCode', 'isBorderCrossing'] as const;
const TYPE_FIELDS = ['code', 'nameEs', 'nameEn', 'parentId'] as const;

export async function getTerritory(db: Executor, id: number): Promise<repo.TerritoryRecord> {
  const territory = await repo.findTerritory(db, id);
  if (!territory) throw new NotFoundError('territory');
  return territory;
}

export async function getAssistanceType(db: Executor, id: number): Promise<repo.AssistanceType> {
  const type = await repo.findAssistanceType(db, id);
  if (!type) throw new NotFoundError('assistance_type');
  return type;
}

/** The sectors an assistance type may belong to: top-level types other than itself. */
export async function parentChoices(db: Executor, id: number | null): Promise<repo.AssistanceType[]> {
  return (await repo.listAssistanceTypes(db)).filter((t) => t.parentId === null && t.id !== id);
}

async function codeFree(trx: Trx, table: 'territories' | 'assistanceTypes', code: string, id: number | null) {
  const holder = await repo.codeHolder(trx, table, code);
  if (holder !== undefined && holder !== id)
    throw new ConflictError('duplicate', [{ path: 'code', message: 'validation.referenceCodeTaken' }]);
}

/** How one kind of reference record is checked, stored and audited. */
interface ReferenceKind<I extends object> {
  entity: 'territory' | 'assistance_type';
  fields: readonly (keyof I & string)[];
  /** The record as it is before an update, with the input's fields; undefined when there is none. */
  find: (trx: Trx, id: number) => Promise<I | undefined>;
  insert: (trx: Trx) => Promise<number>;
  update: (trx: Trx, id: number) => Promise<void>;
}

/** Creates (id null) or updates a record, marks the portfolio changed, and audits what changed. */
async function saveReference<I extends object>(
  trx: Trx,
  actor: Actor,
  id: number | null,
  input: I,
  kind: ReferenceKind<I>,
) {
  const before = id === null ? null : await kind.find(trx, id);
  if (before === undefined) throw new NotFoundError(kind.entity);
  let saved = id;
  if (saved === null) saved = await kind.insert(trx);
  else await kind.update(trx, saved);
  await bumpRevision(trx, PORTFOLIO_REVISION);
  await recordAudit(trx, actor, {
    action: id === null ? 'create' : 'update',
    entity: kind.entity,
    entityId: saved,
    changes: fieldChanges(before, input, kind.fields),
  });
  return saved;
}

export async function saveTerritory(db: Db, actor: Actor, id: number | null, input: TerritoryInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockFor(trx, 'reference-data');
    await codeFree(trx, 'territories', input.code, id);
    const values = { ...input, isBorderCrossing: input.isBorderCrossing ? 1 : 0 };
    return saveReference(trx, actor, id, input, {
      entity: 'territory',
      fields: TERRITORY_FIELDS,
      find: repo.findTerritory,
      insert: (t) => repo.insertTerritory(t, values),
      update: (t, at) => repo.updateTerritory(t, at, values),
    });
  });
}

export async function saveAssistanceType(
  db: Db,
  actor: Actor,
  id: number | null,
  input: AssistanceTypeInput,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockFor(trx, 'reference-data');
    await codeFree(trx, 'assistanceTypes', input.code, id);
    if (input.parentId !== null) {
      const parent = await repo.findAssistanceType(trx, input.parentId);
      // One level of sub-sectors, as in the R4V plan: a parent is a sector, never itself.
      if (!parent || parent.parentId !== null || parent.id === id)
        throw new ValidationError([{ path: 'parentId', message: 'validation.parentSector' }]);
      // …and a sector that has sub-sectors cannot become one itself.
      const children = id === null ? [] : await repo.subSectorIds(trx, id);
      if (children.length > 0) throw new ValidationError([{ path: 'parentId', message: 'validation.parentSector' }]);
    }
    return saveReference(trx, actor, id, input, {
      entity: 'assistance_type',
      fields: TYPE_FIELDS,
      find: repo.findAssistanceType,
      insert: (t) => repo.insertAssistanceType(t, input),
      update: (t, at) => repo.updateAssistanceType(t, at, input),
    });
  });
}
