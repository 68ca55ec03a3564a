// Data functions for the reference data: territories and assistance types.
import type { Insertable } from 'kysely';
import type { Executor, Trx } from '../database/executor.js';
import type { AssistanceTypesTable, TerritoriesTable } from '../database/schema.js';

export interface Territory {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  province: string;
  isBorderCrossing: boolean;
}

/** A territory with what only its edit form shows. */
export interface TerritoryRecord extends Territory {
  provinceCode: string;
}

export interface AssistanceType {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  parentId: number | null;
}

type ReferenceTable = 'territories' | 'assistanceTypes';
export type TerritoryValues = Omit<Insertable<TerritoriesTable>, 'id' | 'sortOrder'>;
export type AssistanceTypeValues = Omit<Insertable<AssistanceTypesTable>, 'id' | 'sortOrder'>;

export async function listTerritories(db: Executor): Promise<Territory[]> {
  const rows = await db
    .selectFrom('territories')
    .select(['id', 'code', 'nameEs', 'nameEn', 'province', 'isBorderCrossing'])
    .orderBy('sortOrder')
    .execute();
  return rows.map((row) => ({ ...row, isBorderCrossing: row.isBorderCrossing === 1 }));
}

export async function listAssistanceTypes(db: Executor): Promise<AssistanceType[]> {
  return db
    .selectFrom('assistanceTypes')
    .select(['id', 'code', 'nameEs', 'nameEn', 'parentId'])
    .orderBy('sortOrder')
    .execute();
}

export async function findTerritory(db: Executor, id: number): Promise<TerritoryRecord | undefined> {
  const row = await db
    .selectFrom('territories')
    .select(['id', 'code', 'nameEs', 'nameEn', 'province', 'provinceCode', 'isBorderCrossing'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, isBorderCrossing: row.isBorderCrossing === 1 };
}

export async function findAssistanceType(db: Executor, id: number): Promise<AssistanceType | undefined> {
  return db
    .selectFrom('assistanceTypes')
    .select(['id', 'code', 'nameEs', 'nameEn', 'parentId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The id of the row that holds a code, if any. */
export async function codeHolder(db: Executor, table: ReferenceTable, code: string): Promise<number | undefined> {
  const row = await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}

/** The ids of an assistance type's sub-sectors. */
export async function subSectorIds(db: Executor, id: number): Promise<number[]> {
  const rows = await db.selectFrom('assistanceTypes').select('id').where('parentId', '=', id).execute();
  return rows.map((row) => row.id);
}

/** New rows go last in the lists. */
async function nextSortOrder(trx: Trx, table: ReferenceTable): Promise<number> {
  const last = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('sortOrder').as('n'))
    .executeTakeFirstOrThrow();
  return (last.n ?? 0) + 1;
}

export async function insertTerritory(trx: Trx, values: TerritoryValues): Promise<number> {
  const sortOrder = await nextSortOrder(trx, 'territories');
  const { id } = await trx
    .insertInto('territories')
    .values({ ...values, sortOrder })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertAssistanceType(trx: Trx, values: AssistanceTypeValues): Promise<number> {
  const sortOrder = await nextSortOrder(trx, 'assistanceTypes');
  const { id } = await trx
    .insertInto('assistanceTypes')
    .values({ ...values, sortOrder })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTerritory(trx: Trx, id: number, values: TerritoryValues): Promise<void> {
  await trx.updateTable('territories').set(values).where('id', '=', id).execute();
}

export async function updateAssistanceType(trx: Trx, id: number, values: AssistanceTypeValues): Promise<void> {
  await trx.updateTable('assistanceTypes').set(values).where('id', '=', id).execute();
}

/** The ids among `ids` that name no row of the table. */
export async function unknownIds(db: Executor, table: ReferenceTable, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}
