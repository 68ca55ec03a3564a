// Administrators keep the reference data: territories and assistance types. Nothing is deleted,
// because partners, events and agreements refer to them; codes are unique.
import type { Actor } from '../audit/actor.js';
import { fieldChanges } from '../audit/changes.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { PORTFOLIO_REVISION, bumpRevision } from '../shared/revisions.js';
import type { AssistanceTypeInput, TerritoryInput } from './schemas.js';

const TERRITORY_FIELDS = ['code', 'nameEs', 'nameEn', 'province', 'provinceCode', 'isBorderCrossing'] as const;
const TYPE_FIELDS = ['code', 'nameEs', 'nameEn', 'parentId'] as const;

async function codeFree(db: Db, table: 'territories' | 'assistanceTypes', code: string, id: number | null) {
  const holder = await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
  if (holder && holder.id !== id)
    throw new ConflictError('duplicate', [{ path: 'code', message: 'validation.referenceCodeTaken' }]);
}

export async function saveTerritory(db: Db, actor: Actor, id: number | null, input: TerritoryInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await codeFree(trx, 'territories', input.code, id);
    const values = { ...input, isBorderCrossing: input.isBorderCrossing ? 1 : 0 };
    if (id === null) {
      const last = await trx
        .selectFrom('territories')
        .select((eb) => eb.fn.max('sortOrder').as('n'))
        .executeTakeFirstOrThrow();
      const { id: created } = await trx
        .insertInto('territories')
        .values({ ...values, sortOrder: Number(last.n ?? 0) + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await bumpRevision(trx, PORTFOLIO_REVISION);
      await recordAudit(trx, actor, {
        action: 'create',
        entity: 'territory',
        entityId: created,
        changes: fieldChanges(null, input, TERRITORY_FIELDS),
      });
      return created;
    }
    const before = await trx.selectFrom('territories').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new NotFoundError('territory');
    await trx.updateTable('territories').set(values).where('id', '=', id).execute();
    await bumpRevision(trx, PORTFOLIO_REVISION);
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'territory',
      entityId: id,
      changes: fieldChanges({ ...before, isBorderCrossing: before.isBorderCrossing === 1 }, input, TERRITORY_FIELDS),
    });
    return id;
  });
}

export async function saveAssistanceType(
  db: Db,
  actor: Actor,
  id: number | null,
  input: AssistanceTypeInput,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await codeFree(trx, 'assistanceTypes', input.code, id);
    if (input.parentId !== null) {
      const parent = await trx
        .selectFrom('assistanceTypes')
        .select(['id', 'parentId'])
        .where('id', '=', input.parentId)
        .executeTakeFirst();
      // One level of sub-sectors, as in the R4V plan: a parent is a sector, never itself.
      if (!parent || parent.parentId !== null || parent.id === id)
        throw new ValidationError([{ path: 'parentId', message: 'validation.parentSector' }]);
      // …and a sector that has sub-sectors cannot become one itself.
      const children =
        id === null ? [] : await trx.selectFrom('assistanceTypes').select('id').where('parentId', '=', id).execute();
      if (children.length > 0) throw new ValidationError([{ path: 'parentId', message: 'validation.parentSector' }]);
    }
    if (id === null) {
      const last = await trx
        .selectFrom('assistanceTypes')
        .select((eb) => eb.fn.max('sortOrder').as('n'))
        .executeTakeFirstOrThrow();
      const { id: created } = await trx
        .insertInto('assistanceTypes')
        .values({ ...input, sortOrder: Number(last.n ?? 0) + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await bumpRevision(trx, PORTFOLIO_REVISION);
      await recordAudit(trx, actor, {
        action: 'create',
        entity: 'assistance_type',
        entityId: created,
        changes: fieldChanges(null, input, TYPE_FIELDS),
      });
      return created;
    }
    const before = await trx.selectFrom('assistanceTypes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new NotFoundError('assistance_type');
    await trx.updateTable('assistanceTypes').set(input).where('id', '=', id).execute();
    await bumpRevision(trx, PORTFOLIO_REVISION);
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'assistance_type',
      entityId: id,
      changes: fieldChanges(before, input, TYPE_FIELDS),
    });
    return id;
  });
}
